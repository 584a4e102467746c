package io.github.resilientdb.r2dbc.integration;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.DatabaseUnavailableException;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.integration.DatastoreCalls;
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
import org.springframework.boot.test.context.runner.ContextConsumer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.r2dbc.core.DatabaseClient;

import static io.github.resilientdb.integration.DatastoreCalls.classify;
import static io.github.resilientdb.integration.DatastoreCalls.retries;
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
		run((context) -> {
			assertThat(accounts(context).count().block(WAIT)).isZero();
			List<Throwable> retried = DatastoreCalls.retriedFailures(context, "r2dbc");
			this.proxy.latency(LATENCY);
			CompletableFuture<Long> count = accounts(context).count().toFuture();
			Thread.sleep(LATENCY.toMillis() / 2);
			this.proxy.resetLiveConnections();
			this.proxy.pass();
			assertThat(count.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isZero();
			assertThat(retried).singleElement()
				.satisfies((failure) -> assertThat(classify(context, failure)).isEqualTo(ErrorCategory.MAYBE_APPLIED));
			assertThat(retries(context, "r2dbc")).isOne();
			assertThat(breaker(context).getMetrics().getNumberOfSuccessfulCalls()).as("one outcome per call")
				.isEqualTo(2);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isZero();
		});
	}

	@Test
	void notIdempotentInsertWhenConnectionResetAfterItWasAppliedShouldNotBeRetried() {
		run((context) -> {
			accounts(context).count().block(WAIT);
			this.proxy.latency(LATENCY);
			CompletableFuture<Long> insert = accounts(context).insert("ada@example.com").toFuture();
			await().atMost(WAIT).pollInterval(Duration.ofMillis(10)).until(() -> stored() == 1);
			this.proxy.resetLiveConnections();
			this.proxy.pass();
			Throwable failure = failureOf(insert);
			assertThat(classify(context, failure)).isEqualTo(ErrorCategory.MAYBE_APPLIED);
			assertThat(retries(context, "r2dbc")).isZero();
			assertThat(stored()).as("applied once, not repeated").isOne();
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isOne();
		});
	}

	@Test
	void refusedConnectionShouldOpenTheBreakerAndLaterCallsShouldBeRejectedWithAnErrorSignal() {
		this.proxy.refuseNewConnections();
		run((context) -> {
			Throwable refused = failureOf(accounts(context).count().toFuture());
			assertThat(classify(context, refused)).isEqualTo(ErrorCategory.NOT_SENT);
			assertThat(retries(context, "r2dbc")).as("no retry: the refused connection opened the breaker").isZero();
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.OPEN);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).as("one outcome per call").isOne();

			this.proxy.pass();
			Mono<Long> count = accounts(context).count();
			assertThat(failureOf(count.toFuture())).isInstanceOf(DatabaseUnavailableException.class)
				.hasMessageContaining("Circuit breaker of datastore 'r2dbc' is OPEN");
			assertThat(failureOf(accounts(context).insert("ada@example.com").toFuture()))
				.isInstanceOf(DatabaseUnavailableException.class);
			assertThat(this.proxy.liveConnections()).as("nothing sent").isZero();
			assertThat(stored()).isZero();
		});
	}

	@Test
	void duplicateKeyShouldBeBusinessAndNeverOpenTheBreaker() {
		run((context) -> {
			assertThat(accounts(context).insert("ada@example.com").block(WAIT)).isOne();
			for (int attempt = 0; attempt < 10; attempt++) {
				Throwable duplicate = failureOf(accounts(context).insert("ada@example.com").toFuture());
				assertThat(duplicate).isInstanceOf(DuplicateKeyException.class);
				assertThat(classify(context, duplicate)).isEqualTo(ErrorCategory.BUSINESS);
			}
			assertThat(retries(context, "r2dbc")).isZero();
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isZero();
			assertThat(stored()).isOne();
		});
	}

	private void run(ContextConsumer<AssertableApplicationContext> test) {
		String url = PostgresTables.r2dbcUrl(this.proxy.port()) + "?connectTimeout=PT2S";
		this.runner.withPropertyValues("spring.r2dbc.url=" + url).run((context) -> {
			assertThat(context).hasNotFailed();
			test.accept(context);
		});
	}

	private static R2dbcAccounts accounts(ApplicationContext context) {
		return context.getBean(R2dbcAccounts.class);
	}

	private static CircuitBreaker breaker(ApplicationContext context) {
		return DatastoreCalls.breaker(context, "r2dbc");
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
