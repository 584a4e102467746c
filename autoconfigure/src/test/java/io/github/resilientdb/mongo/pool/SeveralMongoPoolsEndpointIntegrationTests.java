package io.github.resilientdb.mongo.pool;

import java.util.List;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.github.resilientdb.actuate.ResilientDbEndpoint;
import io.github.resilientdb.actuate.autoconfigure.ResilientDbEndpointAutoConfiguration;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import io.github.resilientdb.test.server.MongoTestServer;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two {@link MongoClient}s the application builds with the {@code MongoClientSettingsBuilderCustomizer} beans, so
 * that the starter's {@link MongoPoolMonitor} sees both: each datastore shows only its own client's pool. A client
 * built without them has no pool in the endpoint.
 */
class SeveralMongoPoolsEndpointIntegrationTests {

	private final MongoTestServer mainMongo = MongoTestServer.start();

	private final MongoTestServer analyticsMongo = MongoTestServer.start();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MongoResilientDbAutoConfiguration.class,
				ResilientDbAutoConfiguration.class, EndpointAutoConfiguration.class,
				ResilientDbEndpointAutoConfiguration.class))
		.withPropertyValues("test.mongo.main=" + this.mainMongo.connectionString(),
				"test.mongo.analytics=" + this.analyticsMongo.connectionString(),
				"management.endpoints.web.exposure.include=resilientdb");

	@AfterEach
	void close() {
		this.mainMongo.close();
		this.analyticsMongo.close();
	}

	@Test
	void readWhenSeveralMonitoredClientsShouldShowEachDatastoresOwnPools() {
		this.runner.withUserConfiguration(MainClient.class, MonitoredAnalytics.class).run((context) -> {
			ping(context.getBean("mainMongoClient", MongoClient.class));
			ping(context.getBean("analyticsMongoClient", MongoClient.class));
			ResilientDbEndpoint endpoint = context.getBean(ResilientDbEndpoint.class);
			assertThat(servers(endpoint, "mongo")).containsExactly("127.0.0.1:" + this.mainMongo.port());
			assertThat(servers(endpoint, "analyticsMongoClient"))
				.containsExactly("127.0.0.1:" + this.analyticsMongo.port());
		});
	}

	@Test
	void readWhenClientBuiltWithoutTheMonitorShouldShowNoPool() {
		this.runner.withUserConfiguration(MainClient.class, UnmonitoredAnalytics.class).run((context) -> {
			ResilientDbEndpoint endpoint = context.getBean(ResilientDbEndpoint.class);
			assertThat(endpoint.datastore("analyticsMongoClient").pool()).isNull();
			assertThat(endpoint.datastore("mongo").pool()).isNotNull();
		});
	}

	@SuppressWarnings("unchecked")
	private static List<String> servers(ResilientDbEndpoint endpoint, String datastore) {
		return ((List<MongoPoolStats>) endpoint.datastore(datastore).pool()).stream()
			.map(MongoPoolStats::server)
			.toList();
	}

	private static void ping(MongoClient client) {
		client.getDatabase("test").runCommand(new Document("ping", 1));
	}

	@Configuration(proxyBeanMethods = false)
	static class MainClient {

		@Bean(destroyMethod = "close")
		@Primary
		MongoClient mainMongoClient(Environment environment,
				ObjectProvider<MongoClientSettingsBuilderCustomizer> customizers) {
			return client(environment.getRequiredProperty("test.mongo.main"), customizers);
		}

		static MongoClient client(String connectionString,
				ObjectProvider<MongoClientSettingsBuilderCustomizer> customizers) {
			MongoClientSettings.Builder settings = MongoClientSettings.builder()
				.applyConnectionString(new ConnectionString(connectionString));
			customizers.orderedStream().forEach((customizer) -> customizer.customize(settings));
			return MongoClients.create(settings.build());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MonitoredAnalytics {

		@Bean(destroyMethod = "close")
		MongoClient analyticsMongoClient(Environment environment,
				ObjectProvider<MongoClientSettingsBuilderCustomizer> customizers) {
			return MainClient.client(environment.getRequiredProperty("test.mongo.analytics"), customizers);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UnmonitoredAnalytics {

		@Bean(destroyMethod = "close")
		MongoClient analyticsMongoClient(Environment environment) {
			return MongoClients.create(environment.getRequiredProperty("test.mongo.analytics"));
		}

	}

}
