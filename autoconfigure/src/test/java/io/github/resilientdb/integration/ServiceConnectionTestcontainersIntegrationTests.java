package io.github.resilientdb.integration;

import java.util.Map;

import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.health.DatastoreStatus;
import org.junit.jupiter.api.Test;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ServiceConnectionParityIntegrationTests} on real containers: PostgreSQL, Redis (with a password) and
 * MongoDB, given to the application as the connection details {@code @ServiceConnection} derives from such
 * containers, compared with the same containers given as {@code spring.*} properties. Skipped where no Docker engine
 * is available.
 */
@Testcontainers(disabledWithoutDocker = true)
class ServiceConnectionTestcontainersIntegrationTests {

	private static final String PASSWORD = "ContainerS3cret";

	@Container
	static final GenericContainer<?> postgres = new GenericContainer<>("postgres:17-alpine")
		.withEnv("POSTGRES_PASSWORD", PASSWORD)
		.withEnv("POSTGRES_DB", "test")
		.withExposedPorts(5432)
		.waitingFor(Wait.forLogMessage(".*database system is ready to accept connections.*\\s", 2));

	@Container
	static final GenericContainer<?> redis = new GenericContainer<>("redis:7-alpine")
		.withCommand("redis-server", "--requirepass", PASSWORD)
		.withExposedPorts(6379);

	@Container
	static final MongoDBContainer mongo = new MongoDBContainer("mongo:8.0");

	@Test
	void serviceConnectionsShouldGiveWhatPropertiesGive() {
		Map<String, Object> fromProperties = ServiceConnections.clientSettings(ServiceConnections.application()
			.withPropertyValues("spring.datasource.url=" + postgresUrl(), "spring.datasource.username=postgres",
					"spring.datasource.password=" + PASSWORD, "spring.data.redis.host=" + redis.getHost(),
					"spring.data.redis.port=" + redis.getFirstMappedPort(), "spring.data.redis.password=" + PASSWORD,
					"spring.mongodb.uri=" + mongo.getReplicaSetUrl("test")));
		ApplicationContextRunner serviceConnections = ServiceConnections.application()
			.withBean(JdbcConnectionDetails.class,
					() -> ServiceConnections.jdbc(postgresUrl(), "postgres", PASSWORD))
			.withBean(DataRedisConnectionDetails.class,
					() -> ServiceConnections.redis(redis.getHost(), redis.getFirstMappedPort(), PASSWORD))
			.withBean(MongoConnectionDetails.class,
					() -> ServiceConnections.mongo(mongo.getReplicaSetUrl("test")));
		assertThat(ServiceConnections.clientSettings(serviceConnections)).isEqualTo(fromProperties)
			.containsEntry("hikari.maximum-pool-size", 20)
			.containsEntry("mongo.max-size", 50);
		serviceConnections.run((context) -> {
			assertThat(context.getBean(MethodPolicies.class).datastores().names()).containsExactlyInAnyOrder("jdbc",
					"mongo", "redis");
			ServiceConnections.awaitStatus(context, DatastoreStatus.UP);
		});
	}

	private static String postgresUrl() {
		return "jdbc:postgresql://" + postgres.getHost() + ":" + postgres.getFirstMappedPort() + "/test";
	}

}
