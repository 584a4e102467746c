package io.github.resilientdb.health;

import java.time.Duration;
import java.util.List;

import io.github.resilientdb.actuate.ResilientDbEndpoint;
import io.github.resilientdb.actuate.autoconfigure.ResilientDbEndpointAutoConfiguration;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.health.autoconfigure.ResilientDbHealthAutoConfiguration;
import io.github.resilientdb.health.autoconfigure.metrics.ResilientDbMetricsAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.health.JdbcProbeAutoConfiguration;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import io.github.resilientdb.mongo.autoconfigure.health.MongoProbeAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.health.RedisProbeAutoConfiguration;
import io.github.resilientdb.test.server.MongoTestServer;
import io.github.resilientdb.test.server.PrivateRedis;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every store is configured with a password in its URL and fails: the health details show why, and no password
 * appears in them, in the history of checks, in the {@code resilientdb} endpoint's output, in the Prometheus scrape,
 * or in resilient-db's log lines.
 */
@ExtendWith(OutputCaptureExtension.class)
class ResilientDbHealthSecretsIntegrationTests {

	private static final String JDBC_PASSWORD = "JdbcS3cretPw";

	private static final String MONGO_PASSWORD = "MongoS3cretPw";

	private static final String REDIS_PASSWORD = "RedisS3cretPw";

	private static final List<String> PASSWORDS = List.of(JDBC_PASSWORD, MONGO_PASSWORD, REDIS_PASSWORD);

	@Test
	void failingStoresShouldNeverShowTheirPasswords(CapturedOutput output) {
		try (MongoTestServer mongo = MongoTestServer.start();
				PrivateRedis redis = PrivateRedis.builder().requirePass("AnotherPw").start()) {
			runner(mongo, redis).run((context) -> {
				assertThat(context).hasNotFailed();
				HealthEndpoint health = context.getBean(HealthEndpoint.class);
				DatastoreHealthMonitor monitor = context.getBean(DatastoreHealthMonitor.class);
				for (String store : List.of("jdbc", "mongo", "redis")) {
					await().atMost(Duration.ofSeconds(30)).until(() -> {
						DatastoreCheck check = monitor.latest(store);
						return check != null && check.status() == DatastoreStatus.DOWN;
					});
				}
				String details = HealthDescriptors.render(health.healthForPath("resilientDb"));
				assertThat(health.healthForPath("resilientDb").getStatus()).isEqualTo(Status.DOWN);
				assertThat(details).contains("lastError=").contains("jdbc:mariadb://******@127.0.0.1");
				List<String> errors = HealthDescriptors.errors(monitor);
				assertThat(errors).isNotEmpty();
				List<String> ownLogLines = output.getAll()
					.lines()
					.filter((line) -> line.contains("resilientdb.health") || line.contains("DatastoreProber"))
					.toList();
				assertThat(ownLogLines).isNotEmpty();
				String endpoint = JsonMapper.builder()
					.build()
					.writeValueAsString(context.getBean(ResilientDbEndpoint.class).datastores());
				assertThat(endpoint).contains("\"jdbc\"").contains("\"mongo\"").contains("\"redis\"");
				String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
				assertThat(scrape).contains("resilientdb_datastore_health");
				for (String password : PASSWORDS) {
					assertThat(endpoint).doesNotContain(password);
					assertThat(scrape).doesNotContain(password);
					assertThat(output.getAll()).doesNotContain(password);
					assertThat(details).doesNotContain(password);
					assertThat(errors).noneMatch((error) -> error.contains(password));
					assertThat(ownLogLines).noneMatch((line) -> line.contains(password));
				}
				System.out.println("[health-secrets] " + details);
			});
		}
	}

	private static ApplicationContextRunner runner(MongoTestServer mongo, PrivateRedis redis) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MongoAutoConfiguration.class,
					DataRedisAutoConfiguration.class, JdbcResilientDbAutoConfiguration.class,
					MongoResilientDbAutoConfiguration.class, RedisResilientDbAutoConfiguration.class,
					ResilientDbAutoConfiguration.class, ResilientDbHealthAutoConfiguration.class, JdbcProbeAutoConfiguration.class,
					MongoProbeAutoConfiguration.class, RedisProbeAutoConfiguration.class,
					ResilientDbMetricsAutoConfiguration.class, ResilientDbEndpointAutoConfiguration.class,
					EndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class,
					HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class))
			.withBean(PrometheusMeterRegistry.class, () -> new PrometheusMeterRegistry(PrometheusConfig.DEFAULT))
			.withPropertyValues("management.endpoints.web.exposure.include=health,resilientdb",
					"spring.datasource.driver-class-name=org.postgresql.Driver",
					"spring.datasource.url=jdbc:mariadb://app:" + JDBC_PASSWORD + "@127.0.0.1:1/test?password="
							+ JDBC_PASSWORD,
					"spring.datasource.password=" + JDBC_PASSWORD,
					"spring.datasource.hikari.connection-timeout=250",
					"spring.mongodb.uri=mongodb://app:" + MONGO_PASSWORD + "@127.0.0.1:" + mongo.port()
							+ "/test?serverSelectionTimeoutMS=500",
					"spring.data.redis.url=redis://:" + REDIS_PASSWORD + "@127.0.0.1:" + redis.port(),
					"spring.data.redis.timeout=1s",
					"resilientdb.health.interval=100ms", "resilientdb.health.unhealthy-interval=100ms",
					"resilientdb.health.timeout=1s", "management.endpoint.health.show-details=always");
	}

}
