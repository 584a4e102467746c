package io.github.resilientdb.autoconfigure;

import java.io.IOException;
import java.io.InputStream;
import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import org.junit.jupiter.api.Test;

import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every settable key of a datastore and of a retry policy has IDE metadata, also under the map keys the
 * configuration processor cannot see into.
 */
class ConfigurationMetadataTests {

	@Test
	void everyDatastoreAndRetryPolicyKeyHasMetadata() throws IOException {
		List<String> documented = JsonPath.read(metadata(), "$.properties[*].name");
		List<String> expected = new ArrayList<>();
		for (String datastore : List.of("jdbc", "mongo", "redis")) {
			leafKeys("resilientdb.datastores." + datastore, ResilientDbProperties.Datastore.class, expected);
		}
		for (String policy : List.of("none", "fast", "standard", "aggressive")) {
			leafKeys("resilientdb.retry-policies." + policy, ResilientDbProperties.Retry.class, expected);
		}
		assertThat(expected).hasSizeGreaterThan(60);
		assertThat(documented).containsAll(expected);
	}

	private static void leafKeys(String prefix, Class<?> type, List<String> keys) {
		for (Class<?> current = type; current != Object.class; current = current.getSuperclass()) {
			for (Field field : current.getDeclaredFields()) {
				if (Modifier.isStatic(field.getModifiers())) {
					continue;
				}
				String key = prefix + "." + kebab(field.getName());
				if (field.getType().getName().startsWith("io.github.resilientdb")) {
					leafKeys(key, field.getType(), keys);
				}
				else {
					keys.add(key);
				}
			}
		}
	}

	private static String kebab(String name) {
		return name.replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase();
	}

	private static String metadata() throws IOException {
		try (InputStream input = new ClassPathResource("META-INF/spring-configuration-metadata.json").getInputStream()) {
			return new String(input.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
