package io.github.resilientdb.mongo.integration;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.integration.DatastoreCalls;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import io.github.resilientdb.test.server.MongoTestServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.SimpleReactiveMongoDatabaseFactory;
import org.springframework.data.mongodb.core.SimpleMongoClientDatabaseFactory;
import org.springframework.data.mongodb.repository.config.EnableMongoRepositories;
import org.springframework.data.mongodb.repository.config.EnableReactiveMongoRepositories;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Data MongoDB repository whose {@code MongoTemplate} is on the second of two {@link MongoClient}s (two
 * mongo-java-servers over TCP) runs behind that client's datastore, {@code analyticsMongoClient}, without naming it:
 * its datastore is inferred from its template's client, not from its type (which would give {@code mongo}). The same
 * for a reactive repository on the second of two reactive clients, with no synchronous one.
 */
class MongoRepositoryDatastoreIntegrationTests {

	private final MongoTestServer mainMongo = MongoTestServer.start();

	private final MongoTestServer analyticsMongo = MongoTestServer.start();

	@AfterEach
	void close() {
		this.mainMongo.close();
		this.analyticsMongo.close();
	}

	@Test
	void repositoryOnTheSecondClientsTemplateRunsBehindThatDatastore() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MongoResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class))
			.withUserConfiguration(AnalyticsRepositories.class)
			.withPropertyValues("test.mongo.main=" + this.mainMongo.port(),
					"test.mongo.analytics=" + this.analyticsMongo.port())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				AccountRepository accounts = context.getBean(AccountRepository.class);
				assertThat(accounts.findByEmail("nobody@example.org")).isEmpty();
				assertThat(accounts.count()).isZero();
				assertThat(DatastoreCalls.calls(context, "analyticsMongoClient")).isEqualTo(2);
				assertThat(DatastoreCalls.calls(context, "mongo")).isZero();
			});
	}

	@Test
	void reactiveRepositoryOnTheSecondReactiveClientsTemplateRunsBehindThatDatastore() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MongoResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class))
			.withUserConfiguration(AnalyticsReactiveRepositories.class)
			.withPropertyValues("test.mongo.main=" + this.mainMongo.port(),
					"test.mongo.analytics=" + this.analyticsMongo.port())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				ReactiveAccountRepository accounts = context.getBean(ReactiveAccountRepository.class);
				assertThat(accounts.findByEmail("nobody@example.org").collectList().block()).isEmpty();
				assertThat(accounts.count().block()).isZero();
				assertThat(DatastoreCalls.calls(context, "analyticsReactiveMongoClient")).isEqualTo(2);
				assertThat(DatastoreCalls.calls(context, "mongo")).isZero();
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableMongoRepositories(basePackageClasses = Account.class,
			includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = AccountRepository.class),
			mongoTemplateRef = "analyticsMongoTemplate")
	static class AnalyticsRepositories {

		@Bean(destroyMethod = "close")
		@Primary
		MongoClient mainMongoClient(Environment environment) {
			return mongo(environment.getRequiredProperty("test.mongo.main"));
		}

		@Bean(destroyMethod = "close")
		MongoClient analyticsMongoClient(Environment environment) {
			return mongo(environment.getRequiredProperty("test.mongo.analytics"));
		}

		@Bean
		MongoTemplate analyticsMongoTemplate(@Qualifier("analyticsMongoClient") MongoClient analyticsMongoClient) {
			return new MongoTemplate(new SimpleMongoClientDatabaseFactory(analyticsMongoClient, "test"));
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		private static MongoClient mongo(String port) {
			return MongoClients.create("mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=2000");
		}

	}

	/**
	 * Two reactive clients and no synchronous one, the repository on the second one's template.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableReactiveMongoRepositories(basePackageClasses = Account.class,
			includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = ReactiveAccountRepository.class),
			reactiveMongoTemplateRef = "analyticsReactiveMongoTemplate")
	static class AnalyticsReactiveRepositories {

		@Bean(destroyMethod = "close")
		@Primary
		com.mongodb.reactivestreams.client.MongoClient mainReactiveMongoClient(Environment environment) {
			return reactiveMongo(environment.getRequiredProperty("test.mongo.main"));
		}

		@Bean(destroyMethod = "close")
		com.mongodb.reactivestreams.client.MongoClient analyticsReactiveMongoClient(Environment environment) {
			return reactiveMongo(environment.getRequiredProperty("test.mongo.analytics"));
		}

		@Bean
		ReactiveMongoTemplate analyticsReactiveMongoTemplate(
				@Qualifier("analyticsReactiveMongoClient") com.mongodb.reactivestreams.client.MongoClient client) {
			return new ReactiveMongoTemplate(new SimpleReactiveMongoDatabaseFactory(client, "test"));
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		private static com.mongodb.reactivestreams.client.MongoClient reactiveMongo(String port) {
			return com.mongodb.reactivestreams.client.MongoClients
				.create("mongodb://127.0.0.1:" + port + "/?serverSelectionTimeoutMS=2000");
		}

	}

}
