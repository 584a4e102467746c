package io.github.resilientdb.integration;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.health.DatastoreHealthMonitor;
import io.github.resilientdb.health.DatastoreProbe;
import io.github.resilientdb.health.DatastoreStatus;
import io.github.resilientdb.health.HealthDescriptors;
import io.github.resilientdb.mongo.MongoTestServerExtension;
import io.github.resilientdb.test.server.PrivatePostgres;
import io.github.resilientdb.test.server.PrivateRedis;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * An application whose servers come from {@code ConnectionDetails} beans, exactly what Testcontainers'
 * {@code @ServiceConnection} registers, with no {@code spring.datasource.*}, {@code spring.data.redis.*} or
 * {@code spring.mongodb.*} property, gets what an application configured by properties gets: the same pool and
 * client defaults on its live clients, the same datastores, health probes that report them UP, and masked passwords.
 * The servers are real: PostgreSQL and Redis (private instances) and mongo-java-server over TCP.
 */
class ServiceConnectionParityIntegrationTests {

	private static final String JDBC_PASSWORD = "JdbcDetailsS3cret";

	private static final String MONGO_PASSWORD = "MongoDetailsS3cret";

	private static final String REDIS_PASSWORD = "RedisDetailsS3cret";

	@RegisterExtension
	static final MongoTestServerExtension mongo = new MongoTestServerExtension();

	@Test
	void connectionDetailsShouldGiveTheClientsTheSameDefaultsAsProperties() {
		PrivatePostgres postgres = PrivatePostgres.shared();
		PrivateRedis redis = PrivateRedis.shared();
		Map<String, Object> fromProperties = ServiceConnections.clientSettings(ServiceConnections.application()
			.withPropertyValues("spring.datasource.url=" + postgres.jdbcUrl(),
					"spring.datasource.username=" + postgres.user(), "spring.data.redis.host=127.0.0.1",
					"spring.data.redis.port=" + redis.port(), "spring.mongodb.uri=" + mongo.connectionString()));
		Map<String, Object> fromDetails = ServiceConnections.clientSettings(withDetails(postgres(), redis.port(), null,
				mongo.connectionString()));
		assertThat(fromDetails).isEqualTo(fromProperties)
			.containsEntry("hikari.maximum-pool-size", 20)
			.containsEntry("hikari.minimum-idle", 20)
			.containsEntry("hikari.connection-timeout", 1_000L)
			.containsEntry("hikari.socketTimeout", "4")
			.containsEntry("lettuce.command-timeout", Duration.ofSeconds(2))
			.containsEntry("lettuce.connect-timeout", Duration.ofSeconds(1))
			.containsEntry("lettuce.client-name", "orders")
			.containsEntry("lettuce.disconnected-behavior", DisconnectedBehavior.REJECT_COMMANDS)
			.containsEntry("mongo.min-size", 10)
			.containsEntry("mongo.max-size", 50)
			.containsEntry("mongo.max-wait", 1_000L)
			.containsEntry("mongo.read-timeout", 2_000)
			.containsEntry("mongo.application-name", "orders");
	}

	@Test
	void connectionDetailsShouldGiveTheDatastoresAndHealthyProbes() {
		withDetails(postgres(), PrivateRedis.shared().port(), null, mongo.connectionString())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(MethodPolicies.class).datastores().names()).containsExactlyInAnyOrder("jdbc",
						"mongo", "redis");
				ServiceConnections.awaitStatus(context, DatastoreStatus.UP);
				HealthEndpoint health = context.getBean(HealthEndpoint.class);
				assertThat(health.healthForPath("resilientDb").getStatus()).isEqualTo(Status.UP);
				assertThat(HealthDescriptors.render(health.healthForPath("resilientDb"))).contains("jdbc={UP")
					.contains("mongo={UP")
					.contains("redis={UP");
			});
	}

	@Test
	void passwordsOfConnectionDetailsShouldBeMaskedInHealth() {
		try (PrivateRedis redis = PrivateRedis.builder().requirePass("AnotherPw").start()) {
			// A driver error that quotes the URL, whose database name is the password: only the probe's knowledge of
			// the password can mask it, no URL or key=value pattern.
			withDetails(ServiceConnections.jdbc("jdbc:mariadb://127.0.0.1:1/" + JDBC_PASSWORD, "app", JDBC_PASSWORD,
					"org.postgresql.Driver"), redis.port(), REDIS_PASSWORD,
					"mongodb://app:" + MONGO_PASSWORD + "@127.0.0.1:" + mongo.port()
							+ "/test?serverSelectionTimeoutMS=500")
				.withPropertyValues("spring.datasource.hikari.connection-timeout=250", "spring.data.redis.timeout=1s")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					assertThat(context.getBeansOfType(DatastoreProbe.class).values().stream()
						.flatMap((probe) -> probe.secrets().stream())).containsExactlyInAnyOrder(JDBC_PASSWORD,
								MONGO_PASSWORD, REDIS_PASSWORD);
					ServiceConnections.awaitStatus(context, DatastoreStatus.DOWN);
					HealthEndpoint health = context.getBean(HealthEndpoint.class);
					String details = HealthDescriptors.render(health.healthForPath("resilientDb"));
					assertThat(details).contains("jdbc:mariadb://127.0.0.1:1/******");
					DatastoreHealthMonitor monitor = context.getBean(DatastoreHealthMonitor.class);
					List<String> errors = HealthDescriptors.errors(monitor);
					for (String password : List.of(JDBC_PASSWORD, MONGO_PASSWORD, REDIS_PASSWORD)) {
						assertThat(details).doesNotContain(password);
						assertThat(errors).noneMatch((error) -> error.contains(password));
					}
				});
		}
	}

	private static ApplicationContextRunner withDetails(JdbcConnectionDetails jdbc, int redisPort,
			@Nullable String redisPassword, String mongoUri) {
		return ServiceConnections.application()
			.withBean(JdbcConnectionDetails.class, () -> jdbc)
			.withBean(DataRedisConnectionDetails.class,
					() -> ServiceConnections.redis("127.0.0.1", redisPort, redisPassword))
			.withBean(MongoConnectionDetails.class, () -> ServiceConnections.mongo(mongoUri));
	}

	private static JdbcConnectionDetails postgres() {
		return ServiceConnections.jdbc(PrivatePostgres.shared().jdbcUrl(), PrivatePostgres.shared().user(),
				JDBC_PASSWORD);
	}

}
