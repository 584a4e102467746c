package io.github.resilientdb.r2dbc.integration;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilientdb.DatabaseUnavailableException;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.r2dbc.autoconfigure.R2dbcResilientDbAutoConfiguration;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.PrivatePostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.r2dbc.core.DatabaseClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * {@code @ResilientDb} methods returning {@code Mono} on Spring's R2DBC {@code DatabaseClient} over r2dbc-postgresql
 * and r2dbc-pool, against a private PostgreSQL through a fault-injecting proxy: a read is retried after a connection
 * reset mid-query, an insert is not (applied once), a refused connection opens the {@code r2dbc} breaker and later
 * calls are rejected with an error signal, and a duplicate key never counts against the datastore.
 */
class R2dbcIntegrationTests {

	private static final String LOOPBACK = "127.0.0.1";

	private static final Duration LATENCY = Duration.ofMillis(500);

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class, DataR2dbcAutoConfiguration.class,
				R2dbcResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class))
		.withUserConfiguration(AccountsConfiguration.class)
		.withPropertyValues("spring.r2dbc.username=postgres", "spring.r2dbc.pool.initial-size=1",
				"spring.r2dbc.pool.max-size=4", "resilientdb.datastores.r2dbc.retry.delay=100ms",
				"resilientdb.datastores.r2dbc.retry.budget.min-retries-per-second=100");

	private FaultProxy proxy;

	@BeforeEach
	void createTable() throws SQLException {
		this.proxy = FaultProxy.to(LOOPBACK, PrivatePostgres.shared().port());
		PostgresTables.execute("DROP TABLE IF EXISTS " + R2dbcAccounts.TABLE);
		PostgresTables.execute(
				"CREATE TABLE " + R2dbcAccounts.TABLE + " (id serial PRIMARY KEY, email text UNIQUE NOT NULL)");
	}

	@AfterEach
	void closeProxy() {
		this.proxy.close();
	}

	@Test
	void idempotentMonoReadWhenConnectionResetMidQueryShouldBeRetriedWithOneBreakerOutcome() {
		run((app) -> {
			assertThat(app.accounts().count().block(WAIT)).isZero();
			List<Throwable> retried = app.onRetry();
			this.proxy.latency(LATENCY);
			CompletableFuture<Long> count = app.accounts().count().toFuture();
			Thread.sleep(LATENCY.toMillis() / 2);
			this.proxy.resetLiveConnections();
			this.proxy.pass();
			assertThat(count.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
			assertThat(retried).singleElement()
				.satisfies((failure) -> assertThat(app.classify(failure)).isEqualTo(ErrorCategory.MAYBE_APPLIED));
			assertThat(app.retries()).isOne();
			assertThat(app.breaker().getMetrics().getNumberOfSuccessfulCalls()).as("one outcome per call")
				.isEqualTo(2);
			assertThat(app.breaker().getMetrics().getNumberOfFailedCalls()).isZero();
		});
	}

	@Test
	void notIdempotentInsertWhenConnectionResetAfterItWasAppliedShouldNotBeRetried() {
		run((app) -> {
			app.accounts().count().block(WAIT);
			this.proxy.latency(LATENCY);
			CompletableFuture<Long> insert = app.accounts().insert("ada@example.com").toFuture();
			await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> stored() == 1);
			this.proxy.resetLiveConnections();
			this.proxy.pass();
			Throwable failure = failureOf(insert);
			assertThat(app.classify(failure)).isEqualTo(ErrorCategory.MAYBE_APPLIED);
			assertThat(app.retries()).isZero();
			assertThat(stored()).as("applied once, not repeated").isOne();
			assertThat(app.breaker().getMetrics().getNumberOfFailedCalls()).isOne();
		});
	}

	@Test
	void refusedConnectionShouldOpenTheBreakerAndLaterCallsShouldBeRejectedWithAnErrorSignal() {
		this.proxy.refuseNewConnections();
		run((app) -> {
			Throwable refused = failureOf(app.accounts().count().toFuture());
			assertThat(app.classify(refused)).isEqualTo(ErrorCategory.NOT_SENT);
			assertThat(app.retries()).as("retried inside the breaker").isEqualTo(2);
			assertThat(app.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
			assertThat(app.breaker().getMetrics().getNumberOfFailedCalls()).as("one outcome per call").isOne();

			this.proxy.pass();
			Mono<Long> count = app.accounts().count();
			assertThat(failureOf(count.toFuture())).isInstanceOf(DatabaseUnavailableException.class)
				.hasMessageContaining("Circuit breaker of datastore 'r2dbc' is OPEN");
			assertThat(failureOf(app.accounts().insert("ada@example.com").toFuture()))
				.isInstanceOf(DatabaseUnavailableException.class);
			assertThat(this.proxy.liveConnections()).as("nothing sent").isZero();
			assertThat(stored()).isZero();
		});
	}

	@Test
	void duplicateKeyShouldBeBusinessAndNeverOpenTheBreaker() {
		run((app) -> {
			assertThat(app.accounts().insert("ada@example.com").block(WAIT)).isOne();
			for (int attempt = 0; attempt < 10; attempt++) {
				Throwable duplicate = failureOf(app.accounts().insert("ada@example.com").toFuture());
				assertThat(duplicate).isInstanceOf(DuplicateKeyException.class);
				assertThat(app.classify(duplicate)).isEqualTo(ErrorCategory.BUSINESS);
			}
			assertThat(app.retries()).isZero();
			assertThat(app.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			assertThat(app.breaker().getMetrics().getNumberOfFailedCalls()).isZero();
			assertThat(stored()).isOne();
		});
	}

	private void run(AppTest test) {
		String url = PostgresTables.r2dbcUrl(this.proxy.port()) + "?connectTimeout=PT2S";
		this.runner.withPropertyValues("spring.r2dbc.url=" + url).run((context) -> {
			assertThat(context).hasNotFailed();
			test.accept(new App(context));
		});
	}

	private static long stored() throws SQLException {
		return PostgresTables.count(R2dbcAccounts.TABLE);
	}

	private static Throwable failureOf(CompletableFuture<?> outcome) throws Exception {
		try {
			outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
		throw new AssertionError("the call succeeded");
	}

	@FunctionalInterface
	private interface AppTest {

		void accept(App app) throws Throwable;

	}

	private record App(AssertableApplicationContext context) {

		R2dbcAccounts accounts() {
			return this.context.getBean(R2dbcAccounts.class);
		}

		ErrorCategory classify(Throwable failure) {
			return this.context.getBean(ErrorClassification.class).classify(failure);
		}

		double retries() {
			return this.context.getBean(MeterRegistry.class)
				.get("resilientdb.retries")
				.tag("datastore", "r2dbc")
				.counter()
				.count();
		}

		List<Throwable> onRetry() {
			List<Throwable> failures = new CopyOnWriteArrayList<>();
			Retry retry = this.context.getBean(ResilientDbRegistries.class).retries().find("r2dbc").orElseThrow();
			retry.getEventPublisher().onRetry((event) -> failures.add(event.getLastThrowable()));
			return failures;
		}

		CircuitBreaker breaker() {
			return this.context.getBean(ResilientDbRegistries.class).circuitBreakers().find("r2dbc").orElseThrow();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class AccountsConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		R2dbcAccounts r2dbcAccounts(DatabaseClient client) {
			return new R2dbcAccounts(client);
		}

	}

}
