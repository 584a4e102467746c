package io.github.resilientdb.jdbc.integration;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.DatabaseUnavailableException;
import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.classify.ErrorClassifier;
import io.github.resilientdb.classify.Throwables;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * A real Spring Boot context around a real database for the classification integration tests: Boot's JDBC and
 * transaction auto-configuration, resilient-db's, and a {@link Calls} bean whose {@code @ResilientDb} methods run
 * whatever work a test hands them, counting the attempts.
 * <p>
 * Retries are quick ({@value #MAX_RETRIES} retries, 10-50ms apart, a budget that never runs out), Hikari gives up
 * acquiring after 250ms, and the breaker judges after {@value #BREAKER_MINIMUM_CALLS} calls with a 50% threshold.
 */
final class ResilientJdbc {

	static final int MAX_RETRIES = 3;

	static final int BREAKER_MINIMUM_CALLS = 2;

	static final String NO_RETRIES = "resilientdb.datastores.jdbc.retry.max-retries=0";

	private ResilientJdbc() {
	}

	static ApplicationContextRunner runner(String url, String username, String password) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
					TransactionAutoConfiguration.class, JdbcResilientDbAutoConfiguration.class,
					ResilientDbAutoConfiguration.class))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(FailureLog.class)
			.withBean(Calls.class)
			.withPropertyValues("spring.datasource.url=" + url, "spring.datasource.username=" + username,
					"spring.datasource.password=" + password, "spring.datasource.hikari.connection-timeout=250",
					"spring.datasource.hikari.validation-timeout=250",
					"spring.datasource.hikari.maximum-pool-size=4", "spring.datasource.hikari.minimum-idle=0",
					"resilientdb.datastores.jdbc.retry.max-retries=" + MAX_RETRIES,
					// Every retry these tests provoke must happen, however slow the machine: the deadline that
					// would stop it is proven by ResilientDbInterceptorTests and OutageCallBoundIntegrationTests.
					"resilientdb.datastores.jdbc.deadline=60s",
					"resilientdb.datastores.jdbc.retry.delay=10ms", "resilientdb.datastores.jdbc.retry.max-delay=50ms",
					"resilientdb.datastores.jdbc.retry.budget.min-retries-per-second=1000",
					"resilientdb.datastores.jdbc.circuit-breaker.minimum-number-of-calls=" + BREAKER_MINIMUM_CALLS,
					"resilientdb.datastores.jdbc.circuit-breaker.sliding-window-size=10",
					"resilientdb.datastores.jdbc.circuit-breaker.failure-rate-threshold=50",
					"resilientdb.datastores.jdbc.circuit-breaker.slow-call-duration-threshold=30s",
					// The not-idempotent methods here send a single statement, so their not-applied failures
					// may be retried; the default (false) is proven by notIdempotentWorkIsNotRepeated...
					"resilientdb.datastores.jdbc.retry.non-atomic-writes=true");
	}

	static Calls calls(ApplicationContext context) {
		return context.getBean(Calls.class);
	}

	static CircuitBreaker breaker(ApplicationContext context) {
		return context.getBean(ResilientDbRegistries.class).circuitBreakers().circuitBreaker("jdbc");
	}

	/**
	 * Asserts that the breaker counted {@value #BREAKER_MINIMUM_CALLS} failed calls, opened, and now rejects a call
	 * without invoking the method.
	 * @param context the context
	 * @param call a call to the datastore
	 */
	static void assertThatBreakerOpenedAndRejects(ApplicationContext context, ThrowingCallable call) {
		CircuitBreaker breaker = breaker(context);
		assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isEqualTo(BREAKER_MINIMUM_CALLS);
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		int attempts = calls(context).attempts();
		assertThatExceptionOfType(DatabaseUnavailableException.class).isThrownBy(call);
		assertThat(calls(context).attempts()).as("not invoked while open").isEqualTo(attempts);
		assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(1);
	}

	static double retries(ApplicationContext context) {
		return context.getBean(MeterRegistry.class)
			.get("resilientdb.retries")
			.tag("datastore", "jdbc")
			.counter()
			.count();
	}

	/**
	 * Runs a scenario once, without retries, and reports the failure it provoked as a row of a classification table.
	 * @param runner the context to run it in
	 * @param name the name of the scenario
	 * @param scenario the scenario
	 * @return the failure, its category, and whether the breaker counted it
	 */
	static Row failureOf(ApplicationContextRunner runner, String name, Scenario scenario) {
		AtomicReference<Row> row = new AtomicReference<>();
		runner.withPropertyValues(NO_RETRIES).run((context) -> {
			assertThat(context).hasNotFailed();
			Throwable failure = catchThrowable(() -> scenario.run(context));
			Breaker breaker = (breaker(context).getMetrics().getNumberOfFailedCalls() > 0) ? Breaker.COUNTS
					: Breaker.IGNORES;
			row.set(new Row(name, (failure != null) ? observe(context, failure) : null, breaker));
		});
		return row.get();
	}

	/**
	 * An expected row of a classification table.
	 * @param scenario the name of the scenario
	 * @param sqlState the SQLState of the database's error
	 * @param vendorCode the vendor code of the database's error
	 * @param category the category resilient-db should give it
	 * @param breaker whether the circuit breaker should count it
	 * @return the row
	 */
	static Row row(String scenario, String sqlState, int vendorCode, ErrorCategory category, Breaker breaker) {
		return new Row(scenario, new Failure(sqlState, vendorCode, category), breaker);
	}

	/**
	 * What the engine saw of the first failure of a test, even when a retry hid it.
	 * @param context the context
	 * @return the first failure, or {@code null} when nothing failed
	 */
	static Failure firstFailure(ApplicationContext context) {
		List<Throwable> failures = context.getBean(FailureLog.class).failures();
		return failures.isEmpty() ? null : observe(context, failures.get(0));
	}

	static Failure observe(ApplicationContext context, Throwable failure) {
		SQLException sqlException = Throwables.find(failure, SQLException.class);
		ErrorCategory category = context.getBean(ErrorClassification.class).classify(failure);
		if (sqlException == null) {
			return new Failure(failure.getClass().getSimpleName(), 0, category);
		}
		return new Failure(sqlException.getSQLState(), sqlException.getErrorCode(), category);
	}

	/**
	 * A real database failure as the engine classified it.
	 *
	 * @param sqlState the SQLState of the outermost {@link SQLException} ({@code null} when it has none), or the
	 * failure's type when there is no {@link SQLException} at all
	 * @param vendorCode its vendor code (0 for PostgreSQL)
	 * @param category the category resilient-db gave the failure
	 */
	record Failure(String sqlState, int vendorCode, ErrorCategory category) {

	}

	/**
	 * A row of a classification table: a scenario, the failure it provoked ({@code null} if none) and what the
	 * circuit breaker made of it.
	 *
	 * @param scenario the name of the scenario
	 * @param failure the failure
	 * @param breaker whether the breaker counted it
	 */
	record Row(String scenario, Failure failure, Breaker breaker) {

	}

	/**
	 * What the circuit breaker did with a failure.
	 */
	enum Breaker {

		COUNTS, IGNORES

	}

	/**
	 * Provokes a real database error in a context, on the first attempt only.
	 */
	@FunctionalInterface
	interface Scenario {

		Object run(ApplicationContext context) throws Exception;

	}

	/**
	 * One attempt of the work of a {@link Calls} method.
	 *
	 * @param <T> the result type
	 */
	@FunctionalInterface
	interface Work<T> {

		T attempt(JdbcTemplate jdbc, int attempt);

	}

	/**
	 * The application's bean: each method counts an attempt, then runs the test's work with the context's
	 * {@link JdbcTemplate}.
	 */
	static class Calls {

		private final JdbcTemplate jdbc;

		private final AtomicInteger attempts = new AtomicInteger();

		Calls(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		public int attempts() {
			return this.attempts.get();
		}

		@ResilientDb(idempotency = Idempotency.IDEMPOTENT)
		public <T> T idempotent(Work<T> work) {
			return work.attempt(this.jdbc, this.attempts.incrementAndGet());
		}

		@ResilientDb(idempotency = Idempotency.NOT_IDEMPOTENT)
		public <T> T notIdempotent(Work<T> work) {
			return work.attempt(this.jdbc, this.attempts.incrementAndGet());
		}

		@ResilientDb(idempotency = Idempotency.NOT_IDEMPOTENT)
		@Transactional
		public <T> T notIdempotentTransaction(Work<T> work) {
			return work.attempt(this.jdbc, this.attempts.incrementAndGet());
		}

		@ResilientDb
		@Transactional(readOnly = true)
		public <T> T readOnlyTransaction(Work<T> work) {
			return work.attempt(this.jdbc, this.attempts.incrementAndGet());
		}

		@ResilientDb(idempotency = Idempotency.NOT_IDEMPOTENT)
		@Transactional(isolation = Isolation.SERIALIZABLE)
		public <T> T notIdempotentSerializableTransaction(Work<T> work) {
			return work.attempt(this.jdbc, this.attempts.incrementAndGet());
		}

	}

	/**
	 * An application classifier that recognises nothing and only notes every failure the engine classifies, so that
	 * a test can tell which real error the database raised even when a retry hid it.
	 */
	static class FailureLog implements ErrorClassifier {

		private final List<Throwable> failures = new ArrayList<>();

		@Override
		public ErrorCategory classify(Throwable error) {
			synchronized (this.failures) {
				if (this.failures.stream().noneMatch((failure) -> failure == error)) {
					this.failures.add(error);
				}
			}
			return null;
		}

		List<Throwable> failures() {
			synchronized (this.failures) {
				return List.copyOf(this.failures);
			}
		}

	}

}
