package io.github.resilientdb.docs;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import io.github.resilientdb.docs.ConfigurationReference.Property;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The generated reference page of the built site lists every {@code resilientdb.*} key of the configuration metadata.
 */
class ConfigurationReferenceTests {

	private static final Path PAGE = Path.of("target", "site", "configuration-reference.html");

	@Test
	void everyMetadataKeyAppearsOnTheGeneratedReferencePage() throws Exception {
		Map<String, Property> properties = ConfigurationReference.properties(getClass().getClassLoader());
		assertThat(properties).containsKeys("resilientdb.enabled", "resilientdb.console.path")
			.hasSizeGreaterThan(50);
		assertThat(PAGE).as("built by the build-site execution before the tests").exists();
		String html = Files.readString(PAGE);
		assertThat(properties.keySet()).allSatisfy((name) -> assertThat(html).contains("<code>" + name + "</code>"));
	}

	@Test
	void describedKeysShowTheirDescriptionAndDefault() throws Exception {
		String html = Files.readString(PAGE);
		Property enabled = ConfigurationReference.properties(getClass().getClassLoader()).get("resilientdb.console.enabled");
		assertThat(enabled.defaultValue()).isEqualTo("true");
		assertThat(html).contains("Whether the console page and its state endpoint are served.");
	}

}
