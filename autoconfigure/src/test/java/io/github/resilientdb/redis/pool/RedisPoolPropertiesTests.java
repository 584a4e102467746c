package io.github.resilientdb.redis.pool;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import com.jayway.jsonpath.JsonPath;
import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;
import io.github.resilientdb.redis.autoconfigure.RedisPoolAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.io.ClassPathResource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unsafe {@code resilientdb.redis.pool} values, alone or combined with Spring Boot's, fail the start naming the
 * property; every key has IDE metadata.
 */
class RedisPoolPropertiesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RedisPoolAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.port=1");

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = { "resilientdb.redis.pool.max-active=0 | max-active",
			"resilientdb.redis.pool.max-active=-1 | max-active", "resilientdb.redis.pool.min-idle=31 | min-idle",
			"resilientdb.redis.pool.min-idle=-1 | min-idle", "resilientdb.redis.pool.max-idle=31 | max-idle",
			"resilientdb.redis.pool.max-wait=0 | max-wait", "resilientdb.redis.pool.max-wait=-1ms | max-wait",
			"resilientdb.redis.pool.time-between-eviction-runs=0 | time-between-eviction-runs",
			"resilientdb.redis.pool.command-timeout=0 | command-timeout",
			"resilientdb.redis.pool.command-timeout=-1s | command-timeout",
			"resilientdb.redis.pool.connect-timeout=0 | connect-timeout",
			"resilientdb.redis.pool.request-queue-size=0 | request-queue-size",
			"resilientdb.redis.pool.client-name=my app | client-name",
			"resilientdb.redis.pool.keepalive.idle=0 | keepalive.idle",
			"resilientdb.redis.pool.keepalive.interval=500ms | keepalive.interval",
			"resilientdb.redis.pool.keepalive.count=0 | keepalive.count" })
	void unsafeValueFailsTheStartNamingTheProperty(String property, String key) {
		this.runner.withPropertyValues(property)
			.run((context) -> assertThat(failure(context).getProperty()).isEqualTo("resilientdb.redis.pool." + key));
	}

	@Test
	void minIdleAboveMaxIdleFailsNamingMinIdle() {
		this.runner.withPropertyValues("resilientdb.redis.pool.max-idle=4", "resilientdb.redis.pool.min-idle=5")
			.run((context) -> assertThat(failure(context).getRequirement()).contains("max-idle (4)"));
	}

	@Test
	void acceptingCommandsWithoutReconnectingFailsNamingDisconnectedBehavior() {
		this.runner
			.withPropertyValues("resilientdb.redis.pool.auto-reconnect=false",
					"resilientdb.redis.pool.disconnected-behavior=ACCEPT_COMMANDS")
			.run((context) -> assertThat(failure(context).getProperty())
				.isEqualTo("resilientdb.redis.pool.disconnected-behavior"));
	}

	@Test
	void disabledKeepaliveIgnoresItsTimings() {
		this.runner.withPropertyValues("resilientdb.redis.pool.keepalive.enabled=false",
				"resilientdb.redis.pool.keepalive.idle=0")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void explicitMinIdleAboveExplicitSpringMaxActiveFailsNamingMinIdle() {
		this.runner
			.withPropertyValues("resilientdb.redis.pool.enabled=true", "resilientdb.redis.pool.min-idle=5",
					"spring.data.redis.lettuce.pool.max-active=2")
			.run((context) -> {
				InvalidResilientDbPropertyException failure = failure(context);
				assertThat(failure.getProperty()).isEqualTo("resilientdb.redis.pool.min-idle");
				assertThat(failure.getRequirement()).contains("(2, from spring.data.redis.lettuce.pool)");
			});
	}

	@Test
	void explicitMaxIdleAboveExplicitSpringMaxActiveFailsNamingMaxIdle() {
		this.runner
			.withPropertyValues("resilientdb.redis.pool.enabled=true", "resilientdb.redis.pool.max-idle=5",
					"spring.data.redis.lettuce.pool.max-active=2")
			.run((context) -> assertThat(failure(context).getProperty()).isEqualTo("resilientdb.redis.pool.max-idle"));
	}

	@Test
	void everyKeyHasMetadata() throws IOException {
		List<String> documented = JsonPath.read(metadata(), "$.properties[*].name");
		assertThat(documented).contains("resilientdb.redis.pool.enabled", "resilientdb.redis.pool.min-idle",
				"resilientdb.redis.pool.max-idle", "resilientdb.redis.pool.max-active",
				"resilientdb.redis.pool.max-wait",
				"resilientdb.redis.pool.time-between-eviction-runs", "resilientdb.redis.pool.command-timeout",
				"resilientdb.redis.pool.connect-timeout", "resilientdb.redis.pool.auto-reconnect",
				"resilientdb.redis.pool.disconnected-behavior", "resilientdb.redis.pool.request-queue-size",
				"resilientdb.redis.pool.client-name", "resilientdb.redis.pool.keepalive.enabled",
				"resilientdb.redis.pool.keepalive.idle", "resilientdb.redis.pool.keepalive.interval",
				"resilientdb.redis.pool.keepalive.count");
		List<Object> descriptions = JsonPath.read(metadata(),
				"$.properties[?(@.name =~ /resilientdb\\.redis\\..*/)].description");
		assertThat(descriptions).hasSizeGreaterThanOrEqualTo(24).allSatisfy((description) -> assertThat(description)
			.isInstanceOf(String.class));
	}

	private static InvalidResilientDbPropertyException failure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable root = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
		assertThat(root).isInstanceOf(InvalidResilientDbPropertyException.class);
		return (InvalidResilientDbPropertyException) root;
	}

	private static String metadata() throws IOException {
		ClassPathResource metadata = new ClassPathResource("META-INF/spring-configuration-metadata.json");
		try (InputStream input = metadata.getInputStream()) {
			return new String(input.readAllBytes(), StandardCharsets.UTF_8);
		}
	}

}
