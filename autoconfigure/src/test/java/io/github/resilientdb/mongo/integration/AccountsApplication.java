package io.github.resilientdb.mongo.integration;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import io.github.resilientdb.test.server.PrivateRedis;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;

import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoRepositoriesAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Boot application with an {@link AccountRepository} behind {@code @ResilientDb}, built from Boot's own MongoDB and
 * Redis auto-configurations (Redis only so that a second datastore is present) and Resilience4j's, and what
 * resilient-db recorded about its calls.
 */
final class AccountsApplication {

	private final AssertableApplicationContext context;

	private AccountsApplication(AssertableApplicationContext context) {
		this.context = context;
	}

	/**
	 * Starts the application against a MongoDB server, runs a test with it, and stops it.
	 * @param mongoUri the {@code spring.mongodb.uri}
	 * @param test the test
	 * @param properties more properties
	 */
	static void run(String mongoUri, Test test, String... properties) {
		run(runner(mongoUri, properties), test);
	}

	/**
	 * Starts the application, with more beans, against a MongoDB server, runs a test with it, and stops it.
	 * @param mongoUri the {@code spring.mongodb.uri}
	 * @param configuration a configuration of more beans
	 * @param test the test
	 * @param properties more properties
	 */
	static void run(String mongoUri, Class<?> configuration, Test test, String... properties) {
		run(runner(mongoUri, properties).withUserConfiguration(configuration), test);
	}

	private static ApplicationContextRunner runner(String mongoUri, String... properties) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class, DataMongoAutoConfiguration.class,
					DataMongoRepositoriesAutoConfiguration.class, DataRedisAutoConfiguration.class,
					CircuitBreakerAutoConfiguration.class, RetryAutoConfiguration.class,
					BulkheadAutoConfiguration.class, MongoResilientDbAutoConfiguration.class,
					RedisResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class))
			.withUserConfiguration(AccountsConfiguration.class)
			.withPropertyValues("spring.mongodb.uri=" + mongoUri,
					"spring.data.redis.url=" + PrivateRedis.shared().uri(),
					"resilientdb.datastores.mongo.retry.delay=10ms",
					"resilientdb.datastores.mongo.retry.budget.min-retries-per-second=100")
			.withPropertyValues(properties);
	}

	private static void run(ApplicationContextRunner runner, Test test) {
		runner.run((context) -> {
			assertThat(context).hasNotFailed();
			test.accept(new AccountsApplication(context));
		});
	}

	<T> T bean(Class<T> type) {
		return this.context.getBean(type);
	}

	<T> T bean(String name, Class<T> type) {
		return this.context.getBean(name, type);
	}

	AccountRepository accounts() {
		return this.context.getBean(AccountRepository.class);
	}

	MongoTemplate template() {
		return this.context.getBean(MongoTemplate.class);
	}

	MongoCommands commands() {
		return this.context.getBean(MongoCommands.class);
	}

	ErrorCategory classify(Throwable failure) {
		return this.context.getBean(ErrorClassification.class).classify(failure);
	}

	double retries() {
		return this.context.getBean(MeterRegistry.class)
			.get("resilientdb.retries")
			.tag("datastore", "mongo")
			.counter()
			.count();
	}

	CircuitBreaker breaker(String datastore) {
		return this.context.getBean(ResilientDbRegistries.class).circuitBreakers().find(datastore).orElseThrow();
	}

	/**
	 * Runs an action before each retry of a mongo call, on the calling thread, once resilient-db has decided to retry.
	 * @param action what to do with the failure about to be retried
	 * @return the failures retried so far
	 */
	List<Throwable> onRetry(Consumer<Throwable> action) {
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		Retry retry = this.context.getBean(ResilientDbRegistries.class).retries().find("mongo").orElseThrow();
		retry.getEventPublisher().onRetry((event) -> {
			failures.add(event.getLastThrowable());
			action.accept(event.getLastThrowable());
		});
		return failures;
	}

	/**
	 * Records the failures of mongo calls that resilient-db retries.
	 * @return the failures retried so far
	 */
	List<Throwable> recordRetries() {
		return onRetry((failure) -> {
		});
	}

	/**
	 * A test run against the application.
	 */
	@FunctionalInterface
	interface Test {

		void accept(AccountsApplication app) throws Throwable;

	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage
	static class AccountsConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		MongoCommands mongoCommands() {
			return new MongoCommands();
		}

		@Bean
		MongoClientSettingsBuilderCustomizer mongoCommandsCustomizer(MongoCommands commands) {
			return (settings) -> settings.addCommandListener(commands)
				.applyToClusterSettings((cluster) -> cluster.addClusterListener(commands));
		}

	}

}
