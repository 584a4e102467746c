package io.github.resilientdb.docs;

import java.io.IOException;
import java.io.InputStream;
import java.net.URL;
import java.util.ArrayList;
import java.util.Enumeration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.jspecify.annotations.Nullable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * The configuration reference page, written from every {@code META-INF/spring-configuration-metadata.json} on the
 * class path (the starter's and the console's): each {@code resilientdb.*} key with its type, default and
 * description, so that the page cannot drift from the code.
 */
final class ConfigurationReference {

	static final String PAGE = "configuration-reference.md";

	private static final String METADATA = "META-INF/spring-configuration-metadata.json";

	private static final String PREFIX = "resilientdb.";

	private ConfigurationReference() {
	}

	/**
	 * Every {@code resilientdb.*} property of the metadata on the class path, by name.
	 * @param classLoader the class loader to read the metadata with
	 * @return the properties, sorted by name
	 * @throws IOException if a metadata file cannot be read
	 */
	static Map<String, Property> properties(ClassLoader classLoader) throws IOException {
		ObjectMapper mapper = new ObjectMapper();
		Map<String, Property> properties = new TreeMap<>();
		Enumeration<URL> resources = classLoader.getResources(METADATA);
		while (resources.hasMoreElements()) {
			try (InputStream in = resources.nextElement().openStream()) {
				for (JsonNode node : mapper.readTree(in).path("properties")) {
					String name = node.path("name").asString();
					if (name.startsWith(PREFIX)) {
						properties.putIfAbsent(name, new Property(name, text(node.path("type")),
								defaultValue(node.path("defaultValue")), text(node.path("description"))));
					}
				}
			}
		}
		return properties;
	}

	/**
	 * The page, in Markdown.
	 * @param properties the properties to list
	 * @param guide the page explaining the defaults, linked from the reference, or {@code null} if there is none
	 * @return the page
	 */
	static String markdown(Map<String, Property> properties, @Nullable String guide) {
		StringBuilder page = new StringBuilder();
		page.append("# Configuration reference\n\n")
			.append("Every `resilientdb.*` property, generated at build time from the configuration metadata of the ")
			.append("starter and the console (").append(properties.size())
			.append(" properties).");
		if (guide != null) {
			page.append(" Why each default was chosen is in [Configuration](").append(guide).append(").");
		}
		page.append("\n\n");
		Map<String, List<Property>> groups = new TreeMap<>();
		properties.values().forEach((property) -> groups.computeIfAbsent(group(property.name()), (key) -> new ArrayList<>())
			.add(property));
		groups.forEach((group, members) -> {
			page.append("## `").append(group).append("`\n\n");
			page.append("| Property | Type | Default | Description |\n|---|---|---|---|\n");
			for (Property property : members) {
				page.append("| `").append(property.name()).append("` | ").append(cell(shortType(property.type())))
					.append(" | ").append(property.defaultValue().isEmpty() ? "" : "`" + cell(property.defaultValue()) + "`")
					.append(" | ").append(cell(property.description())).append(" |\n");
			}
			page.append('\n');
		});
		return page.toString();
	}

	private static String group(String name) {
		String[] parts = name.split("\\.");
		return (parts.length > 2) ? parts[0] + "." + parts[1] : parts[0];
	}

	private static String shortType(String type) {
		return type.replaceAll("[a-z0-9_]+\\.(?=[a-zA-Z])", "").replace("$", ".");
	}

	private static String cell(String text) {
		return text.replace("|", "\\|").replace("\n", " ").replace("<", "&lt;");
	}

	private static String text(JsonNode node) {
		return node.isMissingNode() || node.isNull() ? "" : node.asString();
	}

	private static String defaultValue(JsonNode node) {
		if (node.isMissingNode() || node.isNull()) {
			return "";
		}
		if (node.isArray()) {
			List<String> values = new ArrayList<>();
			node.forEach((value) -> values.add(value.asString()));
			return String.join(",", values);
		}
		return node.asString();
	}

	/**
	 * One property.
	 *
	 * @param name its full name
	 * @param type its Java type
	 * @param defaultValue its default, empty if none is declared
	 * @param description its description
	 */
	record Property(String name, String type, String defaultValue, String description) {

	}

}
