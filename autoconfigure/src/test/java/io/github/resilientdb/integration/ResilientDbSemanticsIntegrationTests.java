package io.github.resilientdb.integration;

import java.time.Duration;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import io.github.resilientdb.DatabaseUnavailableException;
import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.test.server.PrivatePostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The composition of bulkhead, circuit breaker and retry, proven against a real PostgreSQL server. Failures are
 * raised by the server itself ({@code RAISE ... USING ERRCODE}) so that each test controls exactly which attempt
 * fails and how.
 */
class ResilientDbSemanticsIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				TransactionAutoConfiguration.class, CircuitBreakerAutoConfiguration.class, RetryAutoConfiguration.class,
				BulkheadAutoConfiguration.class, JdbcResilientDbAutoConfiguration.class,
				ResilientDbAutoConfiguration.class))
		.withUserConfiguration(Config.class)
		.withPropertyValues("spring.datasource.url=" + PrivatePostgres.shared().jdbcUrl(),
				"spring.datasource.username=" + PrivatePostgres.shared().user(),
				"resilientdb.datastores.jdbc.retry.delay=5ms", "resilientdb.datastores.jdbc.retry.max-delay=20ms",
				"resilientdb.datastores.jdbc.retry.max-retries=2",
				"resilientdb.datastores.jdbc.circuit-breaker.minimum-number-of-calls=100");

	@Test
	void eachRetryRunsInAFreshTransaction() {
		this.runner.run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			ledger.createTable();
			ledger.insertThenFail("40001", 1);
			assertThat(ledger.attempts()).isEqualTo(2);
			assertThat(ledger.transactionWasActive()).isTrue();
			assertThat(ledger.rows()).as("the first attempt's insert was rolled back").isEqualTo(1);
		});
	}

	@Test
	void insideAnActiveTransactionTheCallIsNotRetriedButTheBreakerStillCounts() {
		this.runner.run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			ledger.createTable();
			TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
			assertThatExceptionOfType(Exception.class)
				.isThrownBy(() -> transaction.executeWithoutResult((status) -> ledger.failIdempotent("57P01", 5)));
			assertThat(ledger.attempts()).isEqualTo(1);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
		});
	}

	@Test
	void breakerRecordsOneOutcomePerLogicalCall() {
		this.runner.run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			assertThatExceptionOfType(Exception.class).isThrownBy(() -> ledger.failIdempotent("57P01", 5));
			assertThat(ledger.attempts()).isEqualTo(3);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
			assertThat(breaker(context).getMetrics().getNumberOfBufferedCalls()).isEqualTo(1);
			assertThat(context.getBean(MeterRegistry.class).get("resilientdb.retries").counter().count()).isEqualTo(2);
			assertThat(context.getBean(MeterRegistry.class)
				.get("resilientdb.calls")
				.tag("outcome", "failure")
				.tag("method", "Ledger.failIdempotent")
				.timer()
				.count()).isEqualTo(1);
		});
	}

	@Test
	void noRetryOnceTheBreakerIsOpenAndNoCallWhileItStaysOpen() {
		this.runner.run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			assertThatExceptionOfType(Exception.class).isThrownBy(() -> ledger.openBreakerThenFail());
			assertThat(ledger.attempts()).as("no retry after the breaker opened").isEqualTo(1);
			assertThatExceptionOfType(DatabaseUnavailableException.class)
				.isThrownBy(() -> ledger.failIdempotent("57P01", 5))
				.satisfies((ex) -> {
					assertThat(ex.getDatastore()).isEqualTo("jdbc");
					assertThat(ex.getRetryAfter()).contains(Duration.ofSeconds(10));
				});
			assertThat(ledger.attempts()).as("the method is not invoked while open").isEqualTo(1);
			assertThat(breaker(context).getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(1);
		});
	}

	@Test
	void retriesStopWhenTheBudgetIsSpent() {
		this.runner
			.withPropertyValues("resilientdb.datastores.jdbc.retry.budget.ratio=0.5",
					"resilientdb.datastores.jdbc.retry.budget.min-retries-per-second=0")
			.run((context) -> {
				Ledger ledger = context.getBean(Ledger.class);
				assertThatExceptionOfType(Exception.class).isThrownBy(() -> ledger.failIdempotent("57P01", 5));
				assertThat(ledger.attempts()).as("1 call allows 0.5 retries: the first is granted").isEqualTo(2);
				assertThatExceptionOfType(Exception.class).isThrownBy(() -> ledger.failIdempotent("57P01", 5));
				assertThat(ledger.attempts()).as("2 calls, 1 retry: the budget is spent").isEqualTo(3);
			});
	}

	@Test
	void notIdempotentWriteIsNotRetriedAfterAFailureThatMayHaveBeenApplied() {
		this.runner.run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			ledger.createTable();
			assertThatExceptionOfType(Exception.class).isThrownBy(() -> ledger.insertThenFail("57P01", 1));
			assertThat(ledger.attempts()).isEqualTo(1);
		});
	}

	@Test
	void bulkheadRejectsBeforeTheBreakerAndWithoutCallingTheMethod() {
		this.runner
			.withPropertyValues("resilientdb.datastores.jdbc.bulkhead.max-concurrent-calls=1",
					"resilientdb.datastores.jdbc.bulkhead.max-wait=0")
			.run((context) -> {
				Ledger ledger = context.getBean(Ledger.class);
				CountDownLatch sleeping = new CountDownLatch(1);
				CompletableFuture<Void> slow = CompletableFuture.runAsync(() -> ledger.sleep(sleeping, 1.0));
				assertThat(sleeping.await(10, TimeUnit.SECONDS)).isTrue();
				assertThatExceptionOfType(DatabaseUnavailableException.class)
					.isThrownBy(() -> ledger.failIdempotent("57P01", 5))
					.withMessageContaining("Bulkhead");
				slow.get(10, TimeUnit.SECONDS);
				assertThat(ledger.attempts()).isZero();
				assertThat(breaker(context).getMetrics().getNumberOfNotPermittedCalls()).isZero();
				assertThat(breaker(context).getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
			});
	}

	@Test
	void businessErrorsGoToTheFallbackAndNeverTripTheBreaker() {
		this.runner
			.withPropertyValues("resilientdb.datastores.jdbc.circuit-breaker.minimum-number-of-calls=2",
					"resilientdb.datastores.jdbc.circuit-breaker.sliding-window-size=2")
			.run((context) -> {
				Ledger ledger = context.getBean(Ledger.class);
				ledger.createTable();
				ledger.insertWithFallback(7);
				for (int i = 0; i < 5; i++) {
					assertThat(ledger.insertWithFallback(7)).isEqualTo("duplicate 7");
				}
				assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
				assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isZero();
				assertThat(context.getBean(MeterRegistry.class)
					.get("resilientdb.calls")
					.tag("outcome", "fallback")
					.tag("method", "Ledger.insertWithFallback")
					.timer()
					.count()).isEqualTo(5);
			});
	}

	private static CircuitBreaker breaker(AssertableApplicationContext context) {
		return context.getBean(ResilientDbRegistries.class).circuitBreakers().circuitBreaker("jdbc");
	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		Ledger ledger(JdbcTemplate jdbcTemplate, ResilientDbRegistries registries) {
			return new Ledger(jdbcTemplate, registries.circuitBreakers());
		}

	}

	static class Ledger {

		private static final AtomicInteger tables = new AtomicInteger();

		private final JdbcTemplate jdbc;

		private final CircuitBreakerRegistry breakers;

		private final AtomicInteger attempts = new AtomicInteger();

		private final String table = "ledger_" + tables.incrementAndGet() + "_" + System.nanoTime();

		private volatile boolean transactionWasActive;

		Ledger(JdbcTemplate jdbc, CircuitBreakerRegistry breakers) {
			this.jdbc = jdbc;
			this.breakers = breakers;
		}

		public int attempts() {
			return this.attempts.get();
		}

		public boolean transactionWasActive() {
			return this.transactionWasActive;
		}

		public void createTable() {
			this.jdbc.execute("create table " + this.table + " (id int primary key)");
		}

		public int rows() {
			return this.jdbc.queryForObject("select count(*) from " + this.table, Integer.class);
		}

		@ResilientDb(datastore = "jdbc", idempotency = Idempotency.NOT_IDEMPOTENT)
		@Transactional(isolation = Isolation.SERIALIZABLE)
		public void insertThenFail(String sqlState, int failures) {
			int attempt = this.attempts.incrementAndGet();
			this.transactionWasActive = TransactionSynchronizationManager.isActualTransactionActive();
			this.jdbc.update("insert into " + this.table + " values (?)", attempt);
			if (attempt <= failures) {
				raise(sqlState);
			}
		}

		@ResilientDb(datastore = "jdbc", idempotency = Idempotency.IDEMPOTENT)
		public void failIdempotent(String sqlState, int failures) {
			if (this.attempts.incrementAndGet() <= failures) {
				raise(sqlState);
			}
		}

		@ResilientDb(datastore = "jdbc", idempotency = Idempotency.IDEMPOTENT)
		public void openBreakerThenFail() {
			this.attempts.incrementAndGet();
			this.breakers.circuitBreaker("jdbc").transitionToOpenState();
			raise("57P01");
		}

		@ResilientDb(datastore = "jdbc")
		public void sleep(CountDownLatch sleeping, double seconds) {
			sleeping.countDown();
			this.jdbc.queryForList("select pg_sleep(?)", seconds);
		}

		@ResilientDb(datastore = "jdbc", fallbackMethod = "duplicate")
		public String insertWithFallback(int id) {
			this.jdbc.update("insert into " + this.table + " values (?)", id);
			return "inserted " + id;
		}

		String duplicate(int id, DuplicateKeyException failure) {
			return "duplicate " + id;
		}

		private void raise(String sqlState) {
			this.jdbc.execute("do $$ begin raise exception 'injected by the test' using errcode = '" + sqlState
					+ "'; end $$");
		}

	}


}
