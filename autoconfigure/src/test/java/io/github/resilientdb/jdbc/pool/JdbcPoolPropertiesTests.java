package io.github.resilientdb.jdbc.pool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import com.jayway.jsonpath.JsonPath;
import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;
import io.github.resilientdb.jdbc.autoconfigure.JdbcPoolAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcPoolProperties;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unsafe {@code resilientdb.jdbc} values fail the start naming the property, and every key has IDE metadata.
 */
class JdbcPoolPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JdbcPoolAutoConfiguration.class));

	/**
	 * Keys whose default follows from another setting (the maximum pool size, the datastore's deadline).
	 */
	private static final List<String> DERIVED = List.of("resilientdb.jdbc.pool.minimum-idle",
			"resilientdb.jdbc.pool.connection-timeout", "resilientdb.jdbc.pool.validation-timeout",
			"resilientdb.jdbc.pool.leak-detection-threshold", "resilientdb.jdbc.pool.socket-timeout",
			"resilientdb.jdbc.pool.connect-timeout");

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "resilientdb.jdbc.pool.maximum-pool-size=0 | maximum-pool-size",
			"resilientdb.jdbc.pool.minimum-idle=21 | minimum-idle",
			"resilientdb.jdbc.pool.minimum-idle=-1 | minimum-idle",
			"resilientdb.jdbc.pool.connection-timeout=0 | connection-timeout",
			"resilientdb.jdbc.pool.connection-timeout=100ms | connection-timeout",
			"resilientdb.jdbc.pool.validation-timeout=100ms | validation-timeout",
			"resilientdb.jdbc.pool.validation-timeout=-1s | validation-timeout",
			"resilientdb.jdbc.pool.idle-timeout=0 | idle-timeout",
			"resilientdb.jdbc.pool.max-lifetime=0 | max-lifetime",
			"resilientdb.jdbc.pool.keepalive-time=30m | keepalive-time",
			"resilientdb.jdbc.pool.keepalive-time=10s | keepalive-time",
			"resilientdb.jdbc.pool.keepalive-time=-1s | keepalive-time",
			"resilientdb.jdbc.pool.leak-detection-threshold=1s | leak-detection-threshold",
			"resilientdb.jdbc.pool.leak-detection-threshold=1h | leak-detection-threshold",
			"resilientdb.jdbc.pool.socket-timeout=0 | socket-timeout",
			"resilientdb.jdbc.pool.connect-timeout=0 | connect-timeout",
			"resilientdb.jdbc.pool.connect-timeout=-5s | connect-timeout" })
	void unsafeValueFailsTheStartNamingTheProperty(String property, String key) {
		this.runner.withPropertyValues(property).run((context) -> {
			assertThat(context).hasFailed();
			Throwable root = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
			assertThat(root).isInstanceOf(InvalidResilientDbPropertyException.class);
			assertThat(((InvalidResilientDbPropertyException) root).getProperty())
				.isEqualTo("resilientdb.jdbc.pool." + key);
		});
	}

	@Test
	void zeroForeverTimeoutSaysSo() {
		this.runner.withPropertyValues("resilientdb.jdbc.pool.socket-timeout=0")
			.run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.hasMessageContaining("0 would mean forever"));
	}

	@Test
	void fireAndForgetAsTheDefaultForAllTransactionsFailsTheStart() {
		this.runner.withPropertyValues("resilientdb.jdbc.durability.default-level=fire-and-forget")
			.run((context) -> assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.isInstanceOfSatisfying(InvalidResilientDbPropertyException.class, (ex) -> assertThat(ex.getProperty())
					.isEqualTo("resilientdb.jdbc.durability.default-level")));
	}

	@Test
	void zeroDisablesKeepaliveAndLeakDetection() {
		this.runner
			.withPropertyValues("resilientdb.jdbc.pool.keepalive-time=0",
					"resilientdb.jdbc.pool.leak-detection-threshold=0")
			.run((context) -> assertThat(context).hasNotFailed().hasSingleBean(JdbcPoolProperties.class));
	}

	@Test
	void everyKeyHasADescriptionAndTheDefaultsAreDocumented() throws IOException {
		String metadata;
		try (InputStream input = new ClassPathResource("META-INF/spring-configuration-metadata.json")
			.getInputStream()) {
			metadata = new String(input.readAllBytes(), StandardCharsets.UTF_8);
		}
		List<Map<String, Object>> all = JsonPath.read(metadata, "$.properties[*]");
		List<Map<String, Object>> properties = all.stream()
			.filter((property) -> ((String) property.get("name")).startsWith("resilientdb.jdbc."))
			.toList();
		assertThat(properties).extracting((property) -> property.get("name"))
			.containsExactlyInAnyOrder("resilientdb.jdbc.pool.enabled", "resilientdb.jdbc.pool.maximum-pool-size",
					"resilientdb.jdbc.pool.minimum-idle", "resilientdb.jdbc.pool.connection-timeout",
					"resilientdb.jdbc.pool.validation-timeout", "resilientdb.jdbc.pool.idle-timeout",
					"resilientdb.jdbc.pool.max-lifetime", "resilientdb.jdbc.pool.keepalive-time",
					"resilientdb.jdbc.pool.leak-detection-threshold", "resilientdb.jdbc.pool.socket-timeout",
					"resilientdb.jdbc.pool.connect-timeout", "resilientdb.jdbc.durability.default-level",
					"resilientdb.jdbc.send-tracking.enabled");
		assertThat(properties).allSatisfy((property) -> assertThat((String) property.get("description")).isNotBlank()
			.endsWith("."));
		assertThat(properties)
			.filteredOn((property) -> !DERIVED.contains(property.get("name")))
			.allSatisfy((property) -> assertThat(property.get("defaultValue")).isNotNull());
	}

}
