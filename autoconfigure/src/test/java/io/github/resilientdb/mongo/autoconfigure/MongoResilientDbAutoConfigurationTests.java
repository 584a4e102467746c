package io.github.resilientdb.mongo.autoconfigure;

import java.util.List;
import java.util.Map;

import com.mongodb.MongoSocketOpenException;
import com.mongodb.ServerAddress;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.github.resilientdb.autoconfigure.DatastoreClients;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.mongo.MongoErrorClassifier;
import io.github.resilientdb.mongo.send.SendTrackingCommandListener;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.repository.MongoRepository;

import static org.assertj.core.api.Assertions.assertThat;

class MongoResilientDbAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(MongoResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class));

	@Test
	void runWithMongoClientShouldContributeMongoDatastore() {
		this.runner.withUserConfiguration(MongoClientConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(DatastoreType.class).hasBean("mongoDatastoreType");
			DatastoreType type = context.getBean(DatastoreType.class);
			assertThat(type.name()).isEqualTo("mongo");
			assertThat(type.classifier()).isInstanceOf(MongoErrorClassifier.class);
			assertThat(type.owns(MongoRepository.class)).isTrue();
		});
	}

	@Test
	void runWithMongoClientShouldClassifyDriverFailures() {
		this.runner.withUserConfiguration(MongoClientConfiguration.class).run((context) -> {
			ErrorClassification classification = context.getBean(ErrorClassification.class);
			assertThat(classification.classify(new DataAccessResourceFailureException("open",
					new MongoSocketOpenException("refused", new ServerAddress("127.0.0.1", 1)))))
				.isEqualTo(ErrorCategory.NOT_SENT);
		});
	}

	@Test
	void runAfterBootsMongoAutoConfigurationShouldContributeMongoDatastore() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class,
					MongoResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class))
			.withPropertyValues("spring.mongodb.uri=mongodb://127.0.0.1:1/test?serverSelectionTimeoutMS=100")
			.run((context) -> assertThat(context).hasSingleBean(MongoClient.class).hasBean("mongoDatastoreType"));
	}

	@Test
	void runWithoutMongoClientShouldNotContributeMongoDatastore() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DatastoreType.class));
	}

	@Test
	void runWithoutMongoDriverShouldNotContributeMongoDatastore() {
		this.runner.withUserConfiguration(MongoClientConfiguration.class)
			.withClassLoader(new FilteredClassLoader(MongoClient.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DatastoreType.class));
	}

	@Test
	void runWhenDisabledShouldNotContributeMongoDatastore() {
		this.runner.withUserConfiguration(MongoClientConfiguration.class)
			.withPropertyValues("resilientdb.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DatastoreType.class));
	}

	@Test
	void runWithOnlyAReactiveMongoClientShouldContributeMongoDatastoreWithoutSendTracking() {
		this.runner.withUserConfiguration(ReactiveMongoClientConfiguration.class)
			.withClassLoader(new FilteredClassLoader(MongoClient.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().hasBean("mongoDatastoreType");
				assertThat(context.getBean("mongoDatastoreClients", DatastoreClients.class).datastoresByBean())
					.containsExactly(Map.entry("reactiveMongoClient", "mongo"));
				assertThat(context).doesNotHaveBean(SendTrackingCommandListener.class);
			});
	}

	@Test
	void runWithSeveralReactiveMongoClientsShouldNameTheirDatastoresByTheNamingRule() {
		this.runner.withUserConfiguration(ReactiveMongoClientConfiguration.class,
				SecondReactiveMongoClientConfiguration.class)
			.run((context) -> assertThat(
					context.getBean("mongoDatastoreClients", DatastoreClients.class).datastoresByBean())
				.containsOnly(Map.entry("reactiveMongoClient", "mongo"),
						Map.entry("analyticsReactiveMongoClient", "analyticsReactiveMongoClient")));
	}

	@Test
	void runWithSynchronousAndReactiveMongoClientsShouldNameTheDatastoresAfterTheSynchronousOnes() {
		this.runner.withUserConfiguration(MongoClientConfiguration.class, ReactiveMongoClientConfiguration.class)
			.run((context) -> {
				assertThat(context.getBean("mongoDatastoreClients", DatastoreClients.class).datastoresByBean())
					.containsExactly(Map.entry("mongoClient", "mongo"));
				assertThat(context).hasSingleBean(SendTrackingCommandListener.class);
			});
	}

	@Test
	void runWithUserMongoDatastoreTypeShouldBackOff() {
		this.runner.withUserConfiguration(MongoClientConfiguration.class, UserDatastoreTypeConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(DatastoreType.class);
				assertThat(context.getBean("mongoDatastoreType"))
					.isSameAs(context.getBean(UserDatastoreTypeConfiguration.class).type);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class MongoClientConfiguration {

		@Bean(destroyMethod = "close")
		MongoClient mongoClient() {
			return MongoClients.create("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=100&connectTimeoutMS=100");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReactiveMongoClientConfiguration {

		@Bean(destroyMethod = "close")
		@Primary
		com.mongodb.reactivestreams.client.MongoClient reactiveMongoClient() {
			return com.mongodb.reactivestreams.client.MongoClients
				.create("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=100&connectTimeoutMS=100");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SecondReactiveMongoClientConfiguration {

		@Bean(destroyMethod = "close")
		com.mongodb.reactivestreams.client.MongoClient analyticsReactiveMongoClient() {
			return com.mongodb.reactivestreams.client.MongoClients
				.create("mongodb://127.0.0.1:2/?serverSelectionTimeoutMS=100&connectTimeoutMS=100");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserDatastoreTypeConfiguration {

		final DatastoreType type = new DatastoreType("mongo", (error) -> null, List.of());

		@Bean
		DatastoreType mongoDatastoreType() {
			return this.type;
		}

	}

}
