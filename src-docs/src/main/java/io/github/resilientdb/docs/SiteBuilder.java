package io.github.resilientdb.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import com.vladsch.flexmark.ast.Heading;
import com.vladsch.flexmark.ast.Image;
import com.vladsch.flexmark.ast.Link;
import com.vladsch.flexmark.ext.autolink.AutolinkExtension;
import com.vladsch.flexmark.ext.tables.TablesExtension;
import com.vladsch.flexmark.html.HtmlRenderer;
import com.vladsch.flexmark.parser.Parser;
import com.vladsch.flexmark.util.ast.Document;
import com.vladsch.flexmark.util.ast.Node;
import com.vladsch.flexmark.util.ast.NodeVisitor;
import com.vladsch.flexmark.util.ast.VisitHandler;
import com.vladsch.flexmark.util.data.MutableDataSet;
import org.jspecify.annotations.Nullable;

/**
 * Builds the documentation site: every Markdown page under the source directory (outside {@code src/} and
 * {@code target/}) becomes an HTML page with the same relative path, links to {@code .md} pages become links to their
 * {@code .html} pages, every other file (images, dashboards, rules) is copied as is, and the configuration reference
 * is generated from the configuration metadata. A relative link to a missing file, to a file outside the site or to
 * a heading a page does not have fails the build, with every broken link listed.
 */
public final class SiteBuilder {

	private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

	private static final Pattern ID = Pattern.compile(" id=\"([^\"]+)\"");

	private static final Pattern MD_HREF = Pattern.compile("(href=\")(?![a-zA-Z][a-zA-Z0-9+.-]*:|//)([^\"#]*?)\\.md(#[^\"]*)?\"");

	private final Parser parser;

	private final HtmlRenderer renderer;

	private SiteBuilder() {
		MutableDataSet options = new MutableDataSet();
		options.set(Parser.EXTENSIONS, List.of(TablesExtension.create(), AutolinkExtension.create()));
		options.set(HtmlRenderer.GENERATE_HEADER_ID, true);
		options.set(HtmlRenderer.RENDER_HEADER_ID, true);
		options.set(HtmlRenderer.HEADER_ID_GENERATOR_NO_DUPED_DASHES, false);
		options.set(HtmlRenderer.ESCAPE_HTML, false);
		this.parser = Parser.builder(options).build();
		this.renderer = HtmlRenderer.builder(options).build();
	}

	/**
	 * Builds the site.
	 * @param args the source directory and the output directory
	 * @throws IOException if a file cannot be read or written
	 */
	public static void main(String[] args) throws IOException {
		if (args.length != 2) {
			throw new IllegalArgumentException("Usage: SiteBuilder <source directory> <output directory>");
		}
		List<String> pages = build(Path.of(args[0]), Path.of(args[1]), SiteBuilder.class.getClassLoader());
		System.out.println("Documentation site: " + pages.size() + " pages in " + args[1]);
	}

	/**
	 * Builds the site.
	 * @param source the directory of the Markdown pages
	 * @param output the directory to write the site to
	 * @param classLoader where the configuration metadata is read from
	 * @return the relative paths of the HTML pages written
	 * @throws IOException if a file cannot be read or written
	 * @throws BrokenLinksException if a relative link is broken
	 */
	public static List<String> build(Path source, Path output, ClassLoader classLoader) throws IOException {
		return new SiteBuilder().buildSite(source.toAbsolutePath().normalize(), output.toAbsolutePath().normalize(),
				classLoader);
	}

	private List<String> buildSite(Path source, Path output, ClassLoader classLoader) throws IOException {
		Map<String, String> markdown = new LinkedHashMap<>();
		List<Path> assets = new ArrayList<>();
		try (Stream<Path> files = Files.walk(source)) {
			files.filter(Files::isRegularFile).filter((file) -> isSiteFile(source, file)).sorted().forEach((file) -> {
				String relative = slashes(source.relativize(file));
				if (relative.endsWith(".md")) {
					markdown.put(relative, read(file));
				}
				else {
					assets.add(file);
				}
			});
		}
		markdown.put(ConfigurationReference.PAGE,
				ConfigurationReference.markdown(ConfigurationReference.properties(classLoader),
						markdown.containsKey("configuration.md") ? "configuration.md" : null));
		Map<String, Document> documents = new LinkedHashMap<>();
		Map<String, Set<String>> ids = new LinkedHashMap<>();
		Map<String, String> bodies = new LinkedHashMap<>();
		markdown.forEach((page, text) -> {
			Document document = this.parser.parse(text);
			documents.put(page, document);
			String body = this.renderer.render(document);
			bodies.put(page, body);
			Set<String> pageIds = new HashSet<>();
			Matcher matcher = ID.matcher(body);
			while (matcher.find()) {
				pageIds.add(matcher.group(1));
			}
			ids.put(page, pageIds);
		});
		Set<String> files = new HashSet<>(markdown.keySet());
		assets.forEach((asset) -> files.add(slashes(source.relativize(asset))));
		List<String> broken = new ArrayList<>();
		documents.forEach((page, document) -> broken.addAll(brokenLinks(page, document, files, ids)));
		if (!broken.isEmpty()) {
			throw new BrokenLinksException(broken);
		}
		Map<String, String> titles = new LinkedHashMap<>();
		documents.forEach((page, document) -> titles.put(page, title(page, document)));
		Files.createDirectories(output);
		Files.writeString(output.resolve("site.css"), read(classLoader, "site.css"));
		List<String> written = new ArrayList<>();
		for (String page : markdown.keySet()) {
			String html = page.substring(0, page.length() - 3) + ".html";
			Path target = output.resolve(html);
			Files.createDirectories(target.getParent());
			Files.writeString(target, layout(page, titles, rewriteLinks(bodies.get(page))));
			written.add(html);
		}
		for (Path asset : assets) {
			Path target = output.resolve(slashes(source.relativize(asset)));
			Files.createDirectories(target.getParent());
			Files.copy(asset, target, StandardCopyOption.REPLACE_EXISTING);
		}
		return written;
	}

	private static boolean isSiteFile(Path source, Path file) {
		Path relative = source.relativize(file);
		String first = relative.getName(0).toString();
		return !first.equals("src") && !first.equals("target") && !first.equals("pom.xml") && !first.startsWith(".");
	}

	private static List<String> brokenLinks(String page, Document document, Set<String> files,
			Map<String, Set<String>> ids) {
		List<String> broken = new ArrayList<>();
		List<String> urls = new ArrayList<>();
		new NodeVisitor(new VisitHandler<>(Link.class, (link) -> urls.add(link.getUrl().toString())),
				new VisitHandler<>(Image.class, (image) -> urls.add(image.getUrl().toString())))
			.visit(document);
		for (String url : urls) {
			if (url.isEmpty() || SCHEME.matcher(url).find() || url.startsWith("//") || url.startsWith("/")) {
				continue;
			}
			int hash = url.indexOf('#');
			String path = (hash >= 0) ? url.substring(0, hash) : url;
			String anchor = (hash >= 0) ? url.substring(hash + 1) : null;
			String target = path.isEmpty() ? page : resolve(page, URLDecoder.decode(path, StandardCharsets.UTF_8));
			if (target == null || !files.contains(target)) {
				broken.add(page + ": " + url + " (no such file in the site)");
			}
			else if (anchor != null && target.endsWith(".md") && !ids.get(target).contains(anchor)) {
				broken.add(page + ": " + url + " (no heading '" + anchor + "' in " + target + ")");
			}
		}
		return broken;
	}

	private static @Nullable String resolve(String page, String path) {
		Path base = Path.of(page).getParent();
		Path resolved = ((base != null) ? base.resolve(path) : Path.of(path)).normalize();
		String relative = slashes(resolved);
		return relative.startsWith("..") ? null : relative;
	}

	private static String title(String page, Document document) {
		for (Node node = document.getFirstChild(); node != null; node = node.getNext()) {
			if (node instanceof Heading heading && heading.getLevel() == 1) {
				return heading.getText().toString().replace("`", "");
			}
		}
		return page;
	}

	private static String rewriteLinks(String body) {
		return MD_HREF.matcher(body).replaceAll((match) -> Matcher.quoteReplacement(match.group(1) + match.group(2)
				+ ".html" + ((match.group(3) != null) ? match.group(3) : "") + "\""));
	}

	private static String layout(String page, Map<String, String> titles, String body) {
		int depth = page.split("/").length - 1;
		String root = "../".repeat(depth);
		StringBuilder nav = new StringBuilder();
		titles.entrySet()
			.stream()
			.sorted(Comparator.comparing((Map.Entry<String, String> entry) -> !entry.getKey().equals("index.md"))
				.thenComparing(Map.Entry::getKey))
			.forEach((entry) -> {
				String href = root + entry.getKey().substring(0, entry.getKey().length() - 3) + ".html";
				String current = entry.getKey().equals(page) ? " aria-current=\"page\"" : "";
				nav.append("<li><a href=\"").append(href).append('"').append(current).append('>')
					.append(escape(entry.getValue())).append("</a></li>\n");
			});
		return """
				<!DOCTYPE html>
				<html lang="en">
				<head>
				<meta charset="utf-8">
				<meta name="viewport" content="width=device-width, initial-scale=1">
				<title>%s · resilient-db</title>
				<link rel="stylesheet" href="%ssite.css">
				</head>
				<body>
				<a class="skip" href="#content">Skip to the content</a>
				<nav aria-label="Documentation pages"><p><a href="%sindex.html">resilient-db</a></p><ul>
				%s</ul></nav>
				<main id="content">
				%s</main>
				</body>
				</html>
				""".formatted(escape(titles.get(page)), root, root, nav, body);
	}

	private static String escape(String text) {
		return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
	}

	private static String slashes(Path path) {
		return path.toString().replace('\\', '/');
	}

	private static String read(Path file) {
		try {
			return Files.readString(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static String read(ClassLoader classLoader, String name) throws IOException {
		try (var in = classLoader.getResourceAsStream("io/github/resilientdb/docs/" + name)) {
			if (in == null) {
				throw new IOException("Missing resource " + name);
			}
			return new String(in.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

	/**
	 * Relative links that lead nowhere.
	 */
	public static final class BrokenLinksException extends IllegalStateException {

		private final List<String> links;

		BrokenLinksException(List<String> links) {
			super("Broken links in the documentation:\n  " + String.join("\n  ", links));
			this.links = List.copyOf(links);
		}

		/**
		 * The broken links, each as {@code page: url (why)}.
		 * @return the links
		 */
		public List<String> links() {
			return this.links;
		}

	}

}
