package io.github.resilientdb.mongo.integration;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.MongoTestServer;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @ResilientDb} methods returning {@code Mono} and {@code Flux} of Spring Data MongoDB's
 * {@code ReactiveMongoTemplate} (the reactive streams driver), against mongo-java-server over TCP through a
 * fault-injecting proxy, the driver's own retries turned off: a connection reset mid-command is retried for reads
 * and not for a write, which is applied once.
 */
class ReactiveMongoIntegrationTests {

	private static final String LOOPBACK = "127.0.0.1";

	private static final Duration LATENCY = Duration.ofMillis(500);

	static final Duration WAIT = Duration.ofSeconds(30);

	private MongoTestServer server;

	FaultProxy proxy;

	private MongoClient direct;

	@BeforeEach
	void startServer() {
		this.server = MongoTestServer.start();
		this.proxy = FaultProxy.to(LOOPBACK, this.server.port());
		this.direct = MongoClients.create(this.server.connectionString());
	}

	@AfterEach
	void stopServer() {
		this.direct.close();
		this.proxy.close();
		this.server.close();
	}

	/**
	 * The auto-configurations of the application under test: Spring Boot's synchronous and reactive clients.
	 * @return the auto-configurations
	 */
	AutoConfigurations autoConfigurations() {
		return AutoConfigurations.of(MongoAutoConfiguration.class, MongoReactiveAutoConfiguration.class,
				DataMongoReactiveAutoConfiguration.class, MongoResilientDbAutoConfiguration.class,
				ResilientDbAutoConfiguration.class);
	}

	@Test
	void idempotentMonoReadIsRetriedAfterConnectionResetMidCommand() {
		accounts().insertOne(new Document("email", "ada@example.com"));
		run((app) -> {
			assertThat(app.accounts().count().block(WAIT)).isOne();
			CompletableFuture<Long> count = resetMidCommand(() -> true, () -> app.accounts().count().toFuture());
			assertThat(count.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isOne();
			assertThat(app.retries()).isOne();
			assertThat(app.breaker().getMetrics().getNumberOfSuccessfulCalls()).as("one outcome per call")
				.isEqualTo(2);
			assertThat(app.breaker().getMetrics().getNumberOfFailedCalls()).isZero();
		});
	}

	@Test
	void notIdempotentMonoWriteIsNotRetriedAfterConnectionResetMidCommand() {
		run((app) -> {
			app.accounts().count().block(WAIT);
			CompletableFuture<Document> insert = resetMidCommand(() -> stored() == 1,
					() -> app.accounts().insert(new Document("email", "ada@example.com")).toFuture());
			Throwable failure = failureOf(insert);
			assertThat(failure).isInstanceOf(DataAccessResourceFailureException.class);
			assertThat(app.classify(failure)).isEqualTo(ErrorCategory.MAYBE_APPLIED);
			assertThat(app.retries()).isZero();
			assertThat(stored()).as("applied once, not repeated").isOne();
			assertThat(app.breaker().getMetrics().getNumberOfFailedCalls()).isOne();
		});
	}

	@Test
	void fluxIsRetriedAfterConnectionResetBeforeItsFirstElement() {
		accounts().insertOne(new Document("email", "ada@example.com"));
		accounts().insertOne(new Document("email", "grace@example.com"));
		run((app) -> {
			app.accounts().count().block(WAIT);
			CompletableFuture<List<Document>> all = resetMidCommand(() -> true,
					() -> app.accounts().findAll().collectList().toFuture());
			assertThat(all.get(WAIT.toSeconds(), TimeUnit.SECONDS)).extracting((account) -> account.get("email"))
				.containsExactlyInAnyOrder("ada@example.com", "grace@example.com");
			assertThat(app.retries()).isOne();
		});
	}

	private <T> CompletableFuture<T> resetMidCommand(BooleanSupplier applied, Supplier<CompletableFuture<T>> call)
			throws InterruptedException {
		this.proxy.latency(LATENCY);
		CompletableFuture<T> outcome = call.get();
		Thread.sleep(LATENCY.toMillis() / 2);
		MongoCommands.await(applied, "command applied");
		this.proxy.resetLiveConnections();
		this.proxy.pass();
		return outcome;
	}

	private MongoCollection<Document> accounts() {
		return this.direct.getDatabase("test").getCollection("accounts");
	}

	private long stored() {
		return accounts().countDocuments();
	}

	static Throwable failureOf(CompletableFuture<?> outcome) throws Exception {
		try {
			outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
		throw new AssertionError("the call succeeded");
	}

	void run(AppTest test, String... properties) {
		new ApplicationContextRunner().withConfiguration(autoConfigurations())
			.withUserConfiguration(ReactiveAccountsConfiguration.class)
			.withPropertyValues("resilientdb.datastores.mongo.retry.delay=100ms",
					"resilientdb.datastores.mongo.retry.budget.min-retries-per-second=100",
					"spring.mongodb.uri=mongodb://" + LOOPBACK + ":" + this.proxy.port()
							+ "/test?retryReads=false&retryWrites=false&serverSelectionTimeoutMS=5000")
			.withPropertyValues(properties)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				test.accept(new App(context));
			});
	}

	@FunctionalInterface
	interface AppTest {

		void accept(App app) throws Throwable;

	}

	record App(AssertableApplicationContext context) {

		ReactiveAccounts accounts() {
			return this.context.getBean(ReactiveAccounts.class);
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

		CircuitBreaker breaker() {
			return this.context.getBean(ResilientDbRegistries.class).circuitBreakers().find("mongo").orElseThrow();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReactiveAccountsConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		ReactiveAccounts reactiveAccounts(ReactiveMongoTemplate template) {
			return new ReactiveAccounts(template);
		}

	}

	/**
	 * Reactive MongoDB operations behind {@code @ResilientDb}.
	 */
	static class ReactiveAccounts {

		private static final String COLLECTION = "accounts";

		private final ReactiveMongoTemplate template;

		ReactiveAccounts(ReactiveMongoTemplate template) {
			this.template = template;
		}

		@ResilientDb(datastore = "mongo", idempotency = Idempotency.IDEMPOTENT)
		public Mono<Long> count() {
			return this.template.count(new Query(), COLLECTION);
		}

		@ResilientDb(datastore = "mongo", idempotency = Idempotency.IDEMPOTENT)
		public Flux<Document> findAll() {
			return this.template.findAll(Document.class, COLLECTION);
		}

		@ResilientDb(datastore = "mongo", idempotency = Idempotency.NOT_IDEMPOTENT)
		public Mono<Document> insert(Document account) {
			return this.template.insert(account, COLLECTION);
		}

	}

}
