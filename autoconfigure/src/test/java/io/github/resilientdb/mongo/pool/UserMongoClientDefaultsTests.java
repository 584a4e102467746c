package io.github.resilientdb.mongo.pool;

import java.util.concurrent.TimeUnit;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.internal.MongoClientImpl;
import io.github.resilientdb.mongo.MongoTestServerExtension;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link MongoClient} the application builds with {@link MongoClients#create} escapes Spring Boot's customizers:
 * without the starter's defaults it is named in one INFO line at start-up; built through
 * {@link MongoClientDefaultsCustomizer#customize} it has them, and its connection string's own options win. Read back
 * from the live client after a real command over TCP. A reactive client is named the same way.
 */
@ExtendWith(OutputCaptureExtension.class)
class UserMongoClientDefaultsTests {

	private static final String NOT_APPLIED = "MongoClient bean 'userMongoClient' was built by the application, so "
			+ "resilient-db's client defaults";

	@RegisterExtension
	static final MongoTestServerExtension server = new MongoTestServerExtension();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class, MongoResilientDbAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders");

	@Test
	void clientBuiltWithoutTheDefaultsShouldBeNamedOnceAndKeepTheDriversSettings(CapturedOutput output) {
		this.runner.withUserConfiguration(PlainClient.class).run((context) -> {
			MongoClientSettings live = liveSettings(context);
			assertThat(live.getConnectionPoolSettings().getMaxWaitTime(TimeUnit.MILLISECONDS)).isEqualTo(120_000);
			assertThat(live.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS)).isEqualTo(30_000);
			assertThat(output.getAll().lines().filter((line) -> line.contains("MongoClient bean"))).singleElement()
				.satisfies((line) -> assertThat(line).contains(" INFO ")
					.contains(NOT_APPLIED)
					.contains("MongoClientDefaultsCustomizer")
					.contains("customize(MongoClientSettings.Builder)"));
		});
	}

	@Test
	void clientBuiltThroughTheCustomizerShouldHaveTheDefaultsAndItsUriOptions(CapturedOutput output) {
		this.runner.withUserConfiguration(CustomizedClient.class).run((context) -> {
			MongoClientSettings live = liveSettings(context);
			assertThat(live.getConnectionPoolSettings().getMaxSize()).as("from the URI").isEqualTo(12);
			assertThat(live.getConnectionPoolSettings().getMinSize()).isEqualTo(10);
			assertThat(live.getConnectionPoolSettings().getMaxWaitTime(TimeUnit.MILLISECONDS)).isEqualTo(1_000);
			assertThat(live.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(2_000);
			assertThat(live.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(2_000);
			assertThat(live.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS))
				.as("from the URI")
				.isEqualTo(1_700);
			assertThat(live.getApplicationName()).isEqualTo("orders");
			assertThat(output.getAll()).doesNotContain(NOT_APPLIED);
		});
	}

	@Test
	void clientBuiltBySpringBootShouldNotBeNamed(CapturedOutput output) {
		this.runner.withPropertyValues("spring.mongodb.uri=" + server.connectionString()).run((context) -> {
			assertThat(liveSettings(context).getConnectionPoolSettings().getMaxWaitTime(TimeUnit.MILLISECONDS))
				.isEqualTo(1_000);
			assertThat(output.getAll()).doesNotContain("was built by the application");
		});
	}

	@Test
	void reactiveClientBuiltWithoutTheDefaultsShouldBeNamedOnce(CapturedOutput output) {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MongoResilientDbAutoConfiguration.class))
			.withUserConfiguration(PlainReactiveClient.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(output.getAll().lines().filter((line) -> line.contains("was built by the application")))
					.singleElement()
					.satisfies((line) -> assertThat(line).contains(" INFO ")
						.contains("MongoClient bean 'userReactiveMongoClient' was built by the application")
						.contains("MongoClientDefaultsCustomizer"));
			});
	}

	@Test
	void reactiveClientBuiltBySpringBootShouldNotBeNamed(CapturedOutput output) {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MongoReactiveAutoConfiguration.class, MongoResilientDbAutoConfiguration.class))
			.withPropertyValues("spring.mongodb.uri=" + server.connectionString())
			.run((context) -> {
				assertThat(context).hasNotFailed().hasBean("mongoDatastoreClients");
				assertThat(output.getAll()).doesNotContain("was built by the application");
			});
	}

	private static MongoClientSettings liveSettings(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		MongoClient client = context.getBean(MongoClient.class);
		client.getDatabase("admin").runCommand(new Document("ping", 1));
		return ((MongoClientImpl) client).getSettings();
	}

	@Configuration(proxyBeanMethods = false)
	static class PlainClient {

		@Bean
		MongoClient userMongoClient() {
			return MongoClients.create(server.connectionString());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PlainReactiveClient {

		@Bean(destroyMethod = "close")
		com.mongodb.reactivestreams.client.MongoClient userReactiveMongoClient() {
			return com.mongodb.reactivestreams.client.MongoClients.create(server.connectionString());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CustomizedClient {

		@Bean
		MongoClient userMongoClient(MongoClientDefaultsCustomizer defaults) {
			MongoClientSettings.Builder builder = MongoClientSettings.builder()
				.applyConnectionString(new ConnectionString(
						server.connectionString() + "?maxPoolSize=12&serverSelectionTimeoutMS=1700"));
			defaults.customize(builder);
			return MongoClients.create(builder.build());
		}

	}

}
