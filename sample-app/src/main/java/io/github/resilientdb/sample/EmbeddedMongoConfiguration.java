package io.github.resilientdb.sample;

import java.io.IOException;
import java.net.InetSocketAddress;

import com.mongodb.ConnectionString;
import com.mongodb.client.MongoClient;
import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;
import org.bson.Document;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;

/**
 * Runs an in-memory MongoDB server (mongo-java-server) inside the application, on a free port of 127.0.0.1, and
 * points Spring Boot's MongoDB client at it through the demonstration's fault switch ({@link DemoSwitch}), unless a
 * real MongoDB is configured with {@code spring.mongodb.uri}, {@code spring.mongodb.host} or
 * {@code spring.mongodb.port}. Its data lives as long as the application.
 * <p>
 * The server does not know the {@code hello} command of Spring Boot's MongoDB health indicator, so a health indicator
 * sending {@code ping} takes its place.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(EmbeddedMongoConfiguration.NoMongoConfigured.class)
class EmbeddedMongoConfiguration {

	private static final String DATABASE = "sample";

	@Bean(destroyMethod = "shutdownNow")
	MongoServer embeddedMongoServer() {
		MongoServer server = new MongoServer(new MemoryBackend());
		server.bind(new InetSocketAddress("127.0.0.1", 0));
		return server;
	}

	@Bean
	MongoConnectionDetails embeddedMongoConnectionDetails(MongoServer embeddedMongoServer, DemoSwitch demoSwitch)
			throws IOException {
		InetSocketAddress address = embeddedMongoServer.getLocalAddress();
		DemoFaultProxy proxy = new DemoFaultProxy("mongo", address.getHostString(), address.getPort());
		demoSwitch.add(proxy);
		ConnectionString connectionString = new ConnectionString(
				"mongodb://127.0.0.1:" + proxy.port() + "/" + DATABASE);
		return () -> connectionString;
	}

	@Bean
	EmbeddedMongoHealthIndicator mongoHealthIndicator(MongoClient mongoClient) {
		return new EmbeddedMongoHealthIndicator(mongoClient);
	}

	static class EmbeddedMongoHealthIndicator extends AbstractHealthIndicator {

		private final MongoClient mongoClient;

		EmbeddedMongoHealthIndicator(MongoClient mongoClient) {
			super("Embedded MongoDB health check failed");
			this.mongoClient = mongoClient;
		}

		@Override
		protected void doHealthCheck(Health.Builder builder) {
			this.mongoClient.getDatabase("admin").runCommand(new Document("ping", 1));
			builder.up().withDetail("server", "mongo-java-server (in-process)");
		}

	}

	static class NoMongoConfigured extends NoneNestedConditions {

		NoMongoConfigured() {
			super(ConfigurationPhase.PARSE_CONFIGURATION);
		}

		@ConditionalOnProperty("spring.mongodb.uri")
		static class UriConfigured {

		}

		@ConditionalOnProperty("spring.mongodb.host")
		static class HostConfigured {

		}

		@ConditionalOnProperty("spring.mongodb.port")
		static class PortConfigured {

		}

	}

}
