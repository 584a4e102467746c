package io.github.resilientdb.jdbc.integration;

import java.net.SocketTimeoutException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.jdbc.integration.ResilientJdbc.Failure;
import io.github.resilientdb.jdbc.integration.ResilientJdbc.FailureLog;
import io.github.resilientdb.jdbc.integration.ResilientJdbc.Work;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.PrivatePostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.support.JdbcUtils;
import org.springframework.transaction.TransactionSystemException;

import static io.github.resilientdb.classify.ErrorCategory.AUTHENTICATION;
import static io.github.resilientdb.classify.ErrorCategory.BUSINESS;
import static io.github.resilientdb.classify.ErrorCategory.MAYBE_APPLIED;
import static io.github.resilientdb.classify.ErrorCategory.NOT_SENT;
import static io.github.resilientdb.classify.ErrorCategory.REJECTED_BY_SERVER;
import static io.github.resilientdb.classify.ErrorCategory.ROLLED_BACK;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.BREAKER_MINIMUM_CALLS;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.Breaker.COUNTS;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.Breaker.IGNORES;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.MAX_RETRIES;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.assertThatBreakerOpenedAndRejects;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.breaker;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.calls;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.failureOf;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.firstFailure;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.retries;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.assertj.core.api.Assertions.tuple;

/**
 * Each JDBC classification case of {@code @ResilientDb}, provoked for real on a private PostgreSQL server over real
 * connections and observed end to end through a Spring Boot context: the attempts the engine made, what it threw,
 * and what the circuit breaker counted.
 */
class PostgresClassificationIntegrationTests {

	/**
	 * A refused connection no longer opens the breaker on its own, so that it is retried like any failure proven not
	 * sent.
	 */
	private static final String NOT_DECISIVE = "resilientdb.datastores.jdbc.circuit-breaker."
			+ "open-on-connection-failure=false";

	private final PrivatePostgres postgres = PrivatePostgres.shared();

	private final PlainConnection admin = PlainConnection.open(this.postgres.jdbcUrl(), this.postgres.user(),
			this.postgres.password());

	private final List<String> tables = new ArrayList<>();

	private final List<String> roles = new ArrayList<>();

	private FaultProxy proxy;

	@AfterEach
	void dropWhatTheTestCreated() {
		if (this.proxy != null) {
			this.proxy.close();
		}
		try {
			this.tables.forEach((table) -> this.admin.jdbc().execute("drop table if exists " + table));
			this.roles.forEach((role) -> this.admin.jdbc().execute("drop role if exists " + role));
		}
		finally {
			this.admin.close();
		}
	}

	@Test
	void connectionRefusedIsNotRetriedWhenItOpensTheBreaker() {
		String table = newTable();
		viaProxy().run((context) -> {
			assertThatExceptionOfType(CannotGetJdbcConnectionException.class)
				.isThrownBy(() -> refusedConnection(context, table, 2));
			assertThat(calls(context).attempts()).isEqualTo(1);
			assertThat(firstFailure(context)).isEqualTo(new Failure("08001", 0, NOT_SENT));
			assertThat(retries(context)).isZero();
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.OPEN);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
		});
	}

	@Test
	void connectionRefusedIsRetriedEvenWhenNotIdempotent() {
		String table = newTable();
		viaProxy().withPropertyValues(NOT_DECISIVE).run((context) -> {
			assertThat(refusedConnection(context, table, 2)).isEqualTo(1);
			assertThat(calls(context).attempts()).isEqualTo(2);
			assertThat(firstFailure(context)).isEqualTo(new Failure("08001", 0, NOT_SENT));
			assertThat(rows(table)).isEqualTo(1);
			assertThat(retries(context)).isEqualTo(1);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isZero();
			assertThat(breaker(context).getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
		});
	}

	@Test
	void connectionRefusedThroughoutIsOneBreakerFailureAfterEveryRetry() {
		String table = newTable();
		viaProxy().withPropertyValues(NOT_DECISIVE).run((context) -> {
			assertThatExceptionOfType(CannotGetJdbcConnectionException.class)
				.isThrownBy(() -> refusedConnection(context, table, Integer.MAX_VALUE));
			assertThat(calls(context).attempts()).isEqualTo(1 + MAX_RETRIES);
			assertThat(retries(context)).isEqualTo(MAX_RETRIES);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
		});
	}

	@Test
	void poolAcquireTimeoutIsRetriedEvenWhenNotIdempotent() {
		String table = newTable();
		withOneConnection().run((context) -> {
			assertThat(exhaustedPool(context, table)).isEqualTo(1);
			assertThat(calls(context).attempts()).isEqualTo(2);
			assertThat(context.getBean(FailureLog.class).failures().get(0))
				.isInstanceOf(CannotGetJdbcConnectionException.class)
				.hasCauseInstanceOf(SQLTransientConnectionException.class);
			assertThat(firstFailure(context)).isEqualTo(new Failure(null, 0, NOT_SENT));
			assertThat(rows(table)).isEqualTo(1);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isZero();
		});
	}

	@Test
	void notIdempotentWorkIsNotRepeatedOnceAnEarlierStatementOfItCommitted() {
		String table = newTable();
		// By default a not-idempotent method that is not atomic is never repeated: its failing statement may not
		// have been its first.
		withOneConnection().withPropertyValues("resilientdb.datastores.jdbc.retry.non-atomic-writes=false")
			.run((context) -> {
			DataSource dataSource = context.getBean(DataSource.class);
			Throwable failure = catchThrowable(() -> calls(context).notIdempotent((jdbc, attempt) -> {
				jdbc.update("insert into %s (id) values (?)".formatted(table), attempt);
				Connection held = (attempt == 1) ? DataSourceUtils.getConnection(dataSource) : null;
				try {
					return jdbc.update("update %s set v = v + 1".formatted(table));
				}
				finally {
					JdbcUtils.closeConnection(held);
				}
			}));
			assertThat(rows(table))
				.as("the insert committed on its own before the update's connection timed out (NOT_SENT): "
						+ "repeating the method applies the insert twice")
				.isEqualTo(1);
			assertThat(calls(context).attempts()).isEqualTo(1);
			assertThat(failure).isInstanceOf(CannotGetJdbcConnectionException.class);
		});
	}

	@Test
	void serializationFailureIsRetriedAsANewTransaction() {
		String table = newTable();
		direct().run((context) -> {
			serializationFailure(context, table);
			assertThat(calls(context).attempts()).isEqualTo(2);
			assertThat(firstFailure(context)).isEqualTo(new Failure("40001", 0, ROLLED_BACK));
			assertThat(this.admin.jdbc().queryForObject("select v from " + table + " where id = 102", Integer.class))
				.as("the retry saw the competitor's row: it ran in a new transaction")
				.isEqualTo(10 + 20 + 30);
			assertThat(rows(table)).isEqualTo(4);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isZero();
		});
	}

	@Test
	void deadlockIsRetriedAsANewTransaction() {
		String table = newTable();
		direct().run((context) -> {
			deadlock(context, table);
			assertThat(calls(context).attempts()).isEqualTo(2);
			assertThat(firstFailure(context)).isEqualTo(new Failure("40P01", 0, ROLLED_BACK));
			assertThat(this.admin.jdbc().queryForList("select v from " + table + " order by id", Integer.class))
				.as("the competitor's update and the retried transaction both applied, once")
				.containsExactly(11, 11);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isZero();
		});
	}

	@Test
	void backendTerminatedDuringAStatementIsRetriedWhenIdempotent() {
		direct().run((context) -> {
			assertThat(terminatedDuringStatement(context, true)).isEqualTo(2);
			assertThat(calls(context).attempts()).isEqualTo(2);
			assertThat(firstFailure(context).category()).isEqualTo(MAYBE_APPLIED);
			assertThat(firstFailure(context).sqlState()).isIn("57P01", "08006");
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isZero();
		});
	}

	@Test
	void connectionDroppedMidTransactionIsRetriedInAReadOnlyTransaction() {
		direct().run((context) -> {
			assertThat(calls(context).readOnlyTransaction(this::dropConnectionOnFirstAttempt)).isEqualTo(42);
			assertThat(calls(context).attempts()).as("the dropped connection's attempt, then a retry").isEqualTo(2);
			assertThat(firstFailure(context).category()).isEqualTo(MAYBE_APPLIED);
		});
	}

	@Test
	void failedRollbackOnADroppedConnectionIsClassifiedByTheFailureBehindIt() {
		direct().withPropertyValues(ResilientJdbc.NO_RETRIES).run((context) -> {
			assertThatExceptionOfType(TransactionSystemException.class)
				.isThrownBy(() -> calls(context).readOnlyTransaction(this::dropConnectionOnFirstAttempt))
				.satisfies((failure) -> {
					assertThat(failure.getApplicationException()).as("the read's own failure").isNotNull();
					assertThat(failure.getCause()).as("the rollback's failure: HikariCP's closed connection")
						.hasMessage("Connection is closed");
					assertThat(context.getBean(ErrorClassification.class).classify(failure))
						.isEqualTo(MAYBE_APPLIED);
					assertThat(context.getBean(ErrorClassification.class).classify(failure.getCause()))
						.isEqualTo(NOT_SENT);
				});
		});
	}

	/**
	 * The first attempt reads on its connection, has its backend terminated while the server stays up, then reads
	 * again on the dropped connection; later attempts read 42.
	 */
	private Integer dropConnectionOnFirstAttempt(JdbcTemplate jdbc, int attempt) {
		if (attempt == 1) {
			Integer pid = jdbc.queryForObject("select pg_backend_pid()", Integer.class);
			this.admin.jdbc().queryForObject("select pg_terminate_backend(?)", Boolean.class, pid);
			PlainConnection.await("the backend exits",
					() -> this.admin.jdbc()
						.queryForList("select pid from pg_stat_activity where pid = ?", Integer.class, pid)
						.isEmpty());
		}
		return jdbc.queryForObject("select 42", Integer.class);
	}

	@Test
	void backendTerminatedDuringAStatementIsNotRetriedWhenNotIdempotent() {
		direct().run((context) -> {
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> terminatedDuringStatement(context, false));
			assertThat(calls(context).attempts()).isEqualTo(1);
			assertThat(firstFailure(context).category()).isEqualTo(MAYBE_APPLIED);
			assertThat(retries(context)).isZero();
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
		});
	}

	@Test
	void readTimeoutIsRetriedWhenIdempotent() {
		withReadTimeout().run((context) -> {
			assertThat(readTimeout(context, true)).isEqualTo(2);
			assertThat(calls(context).attempts()).isEqualTo(2);
			assertThat(firstFailure(context)).isEqualTo(new Failure("08006", 0, MAYBE_APPLIED));
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isZero();
		});
	}

	@Test
	void readTimeoutIsNotRetriedWhenNotIdempotent() {
		withReadTimeout().run((context) -> {
			assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> readTimeout(context, false))
				.withRootCauseInstanceOf(SocketTimeoutException.class);
			assertThat(calls(context).attempts()).isEqualTo(1);
			assertThat(firstFailure(context)).isEqualTo(new Failure("08006", 0, MAYBE_APPLIED));
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isEqualTo(1);
		});
	}

	@Test
	void businessErrorsAreNeitherRetriedNorBreakerFailures() {
		String table = newTable();
		direct().run((context) -> {
			int rounds = 3;
			for (int round = 0; round < rounds; round++) {
				assertThatExceptionOfType(DuplicateKeyException.class)
					.isThrownBy(() -> uniqueViolation(context, table));
				assertThatExceptionOfType(DataIntegrityViolationException.class)
					.isThrownBy(() -> divisionByZero(context));
				assertThatExceptionOfType(BadSqlGrammarException.class).isThrownBy(() -> undefinedTable(context));
			}
			assertThat(calls(context).attempts()).as("even idempotent calls are not retried").isEqualTo(3 * rounds);
			assertThat(context.getBean(FailureLog.class).failures())
				.map((failure) -> ResilientJdbc.observe(context, failure))
				.extracting(Failure::sqlState, Failure::category)
				.startsWith(tuple("23505", BUSINESS), tuple("22012", BUSINESS), tuple("42P01", BUSINESS));
			assertThat(retries(context)).isZero();
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isZero();
		});
	}

	@Test
	void unknownRoleIsNotRetriedAndOpensTheBreaker() {
		asRole(PlainConnection.uniqueName("no_such_role")).run((context) -> {
			for (int call = 0; call < BREAKER_MINIMUM_CALLS; call++) {
				assertThatExceptionOfType(CannotGetJdbcConnectionException.class).isThrownBy(() -> selectOne(context));
			}
			assertThat(firstFailure(context)).isEqualTo(new Failure("28000", 0, AUTHENTICATION));
			assertThat(calls(context).attempts()).as("not retried").isEqualTo(BREAKER_MINIMUM_CALLS);
			assertThatBreakerOpenedAndRejects(context, () -> selectOne(context));
		});
	}

	@Test
	void permissionDeniedIsNotRetriedAndOpensTheBreaker() {
		String table = newTable();
		asRole(unprivilegedRole()).run((context) -> {
			for (int call = 0; call < BREAKER_MINIMUM_CALLS; call++) {
				assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> selectFrom(context, table));
			}
			assertThat(firstFailure(context)).isEqualTo(new Failure("42501", 0, AUTHENTICATION));
			assertThat(calls(context).attempts()).as("not retried").isEqualTo(BREAKER_MINIMUM_CALLS);
			assertThatBreakerOpenedAndRejects(context, () -> selectFrom(context, table));
		});
	}

	@Test
	void readOnlyTransactionIsRetriedAsANewTransactionEvenWhenNotIdempotent() {
		String table = newTable();
		direct().run((context) -> {
			assertThat(readOnlyTransaction(context, table)).isEqualTo(1);
			assertThat(calls(context).attempts()).isEqualTo(2);
			assertThat(firstFailure(context)).isEqualTo(new Failure("25006", 0, REJECTED_BY_SERVER));
			assertThat(rows(table)).isEqualTo(1);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isZero();
		});
	}

	@Test
	void eachRealErrorIsClassifiedAsItsCategory() {
		String role = unprivilegedRole();
		String forbidden = newTable();
		assertThat(List.of(
				failureOf(viaProxy(), "connection refused", (context) -> refusedConnection(context, newTable(), 2)),
				failureOf(withOneConnection(), "pool exhausted", (context) -> exhaustedPool(context, newTable())),
				failureOf(direct(), "serialization failure", (context) -> serializationFailure(context, newTable())),
				failureOf(direct(), "deadlock", (context) -> deadlock(context, newTable())),
				failureOf(direct(), "backend terminated", (context) -> terminatedDuringStatement(context, false)),
				failureOf(withReadTimeout(), "read timeout", (context) -> readTimeout(context, false)),
				failureOf(direct(), "unique violation", (context) -> uniqueViolation(context, newTable())),
				failureOf(direct(), "division by zero", this::divisionByZero),
				failureOf(direct(), "undefined table", this::undefinedTable),
				failureOf(asRole(PlainConnection.uniqueName("no_such_role")), "unknown role", this::selectOne),
				failureOf(asRole(role), "permission denied", (context) -> selectFrom(context, forbidden)),
				failureOf(direct(), "read-only transaction", (context) -> readOnlyTransaction(context, newTable()))))
			.containsExactly(row("connection refused", "08001", 0, NOT_SENT, COUNTS),
					row("pool exhausted", null, 0, NOT_SENT, COUNTS),
					row("serialization failure", "40001", 0, ROLLED_BACK, IGNORES),
					row("deadlock", "40P01", 0, ROLLED_BACK, IGNORES),
					row("backend terminated", "57P01", 0, MAYBE_APPLIED, COUNTS),
					row("read timeout", "08006", 0, MAYBE_APPLIED, COUNTS),
					row("unique violation", "23505", 0, BUSINESS, IGNORES),
					row("division by zero", "22012", 0, BUSINESS, IGNORES),
					row("undefined table", "42P01", 0, BUSINESS, IGNORES),
					row("unknown role", "28000", 0, AUTHENTICATION, COUNTS),
					row("permission denied", "42501", 0, AUTHENTICATION, COUNTS),
					row("read-only transaction", "25006", 0, REJECTED_BY_SERVER, COUNTS));
	}

	/**
	 * Inserts a row, not idempotently, with a single statement (see {@code non-atomic-writes}), while the server
	 * refuses connections until the given attempt.
	 */
	private int refusedConnection(ApplicationContext context, String table, int healedAtAttempt) {
		this.proxy.refuseNewConnections();
		return calls(context).notIdempotent((jdbc, attempt) -> {
			if (attempt == healedAtAttempt) {
				this.proxy.pass();
			}
			return jdbc.update("insert into %s (id) values (1)".formatted(table));
		});
	}

	/**
	 * Inserts a row, not idempotently, with a single statement (see {@code non-atomic-writes}), while the test holds
	 * the pool's only connection until the second attempt.
	 */
	private int exhaustedPool(ApplicationContext context, String table) throws SQLException {
		try (Connection held = context.getBean(DataSource.class).getConnection()) {
			return calls(context).notIdempotent((jdbc, attempt) -> {
				if (attempt == 2) {
					JdbcUtils.closeConnection(held);
				}
				return jdbc.update("insert into %s (id) values (1)".formatted(table));
			});
		}
	}

	/**
	 * Write skew under SERIALIZABLE: the bean and a competitor each read the sum of the table and insert it. The
	 * competitor commits between the bean's read and its insert, so the bean's first transaction cannot be
	 * serialized; its retry reads the competitor's row.
	 */
	private int serializationFailure(ApplicationContext context, String table) {
		this.admin.jdbc().update("insert into %s (id, v) values (1, 10), (2, 20)".formatted(table));
		String sum = "select sum(v) from %s".formatted(table);
		String insert = "insert into %s (id, v) values (?, ?)".formatted(table);
		try (PlainConnection competitor = openTransaction(Connection.TRANSACTION_SERIALIZABLE)) {
			return calls(context).notIdempotentSerializableTransaction((jdbc, attempt) -> {
				int total = jdbc.queryForObject(sum, Integer.class);
				if (attempt == 1) {
					competitor.jdbc().update(insert, 3, competitor.jdbc().queryForObject(sum, Integer.class));
					competitor.commit();
				}
				return jdbc.update(insert, 100 + attempt, total);
			});
		}
	}

	/**
	 * The bean updates row 1 then row 2; a competitor holding row 2 waits for row 1. The bean's session detects the
	 * deadlock first (its deadlock_timeout is far shorter) and is the one rolled back.
	 */
	private int deadlock(ApplicationContext context, String table) throws Exception {
		this.admin.jdbc().update("insert into %s (id, v) values (1, 0), (2, 0)".formatted(table));
		String update = "update %s set v = v + ? where id = ?".formatted(table);
		AtomicReference<CompletableFuture<Void>> competing = new AtomicReference<>();
		try (PlainConnection competitor = openTransaction(Connection.TRANSACTION_READ_COMMITTED)) {
			competitor.jdbc().execute("set deadlock_timeout = '10s'");
			int competitorPid = competitor.jdbc().queryForObject("select pg_backend_pid()", Integer.class);
			competitor.jdbc().update(update, 1, 2);
			try {
				return calls(context).notIdempotentTransaction((jdbc, attempt) -> {
					jdbc.execute("set local deadlock_timeout = '100ms'");
					jdbc.update(update, 10, 1);
					if (attempt == 1) {
						competing.set(CompletableFuture.runAsync(() -> {
							competitor.jdbc().update(update, 1, 1);
							competitor.commit();
						}));
						PlainConnection.await("the competitor waits for row 1", () -> "Lock".equals(this.admin.jdbc()
							.queryForObject("select wait_event_type from pg_stat_activity where pid = ?", String.class,
									competitorPid)));
					}
					return jdbc.update(update, 10, 2);
				});
			}
			finally {
				if (competing.get() != null) {
					competing.get().get(10, TimeUnit.SECONDS);
				}
			}
		}
	}

	/**
	 * The first attempt runs a five-second statement whose backend another session terminates; later attempts run
	 * a quick one.
	 */
	private int terminatedDuringStatement(ApplicationContext context, boolean idempotent) throws Exception {
		String marker = PlainConnection.uniqueName("terminate_me");
		CompletableFuture<Void> terminator = CompletableFuture.runAsync(() -> {
			try (PlainConnection killer = PlainConnection.open(this.postgres.jdbcUrl(), this.postgres.user(),
					this.postgres.password())) {
				String find = "select pid from pg_stat_activity where state = 'active' and pid <> pg_backend_pid()"
						+ " and query like '%" + marker + "%'";
				PlainConnection.await("the statement to terminate runs",
						() -> !killer.jdbc().queryForList(find, Integer.class).isEmpty());
				killer.jdbc().queryForList(find.replace("select pid", "select pg_terminate_backend(pid)"));
			}
		});
		Work<Integer> work = (jdbc, attempt) -> {
			jdbc.queryForList("select '%s' from pg_sleep(?)".formatted(marker), (attempt == 1) ? 5 : 0);
			return attempt;
		};
		try {
			return idempotent ? calls(context).idempotent(work) : calls(context).notIdempotent(work);
		}
		finally {
			terminator.get(10, TimeUnit.SECONDS);
		}
	}

	/**
	 * The first attempt runs a three-second statement on a connection with a one-second socket timeout.
	 */
	private int readTimeout(ApplicationContext context, boolean idempotent) {
		Work<Integer> work = (jdbc, attempt) -> {
			jdbc.queryForList("select pg_sleep(?)", (attempt == 1) ? 3 : 0);
			return attempt;
		};
		return idempotent ? calls(context).idempotent(work) : calls(context).notIdempotent(work);
	}

	private int uniqueViolation(ApplicationContext context, String table) {
		this.admin.jdbc().update("insert into %s (id) values (1) on conflict do nothing".formatted(table));
		return calls(context).idempotent(
				(jdbc, attempt) -> jdbc.update("insert into %s (id) values (1)".formatted(table)));
	}

	private int divisionByZero(ApplicationContext context) {
		return calls(context).idempotent((jdbc, attempt) -> jdbc.queryForObject("select 1 / 0", Integer.class));
	}

	private int undefinedTable(ApplicationContext context) {
		return calls(context).idempotent((jdbc, attempt) -> jdbc
			.queryForObject("select count(*) from " + PlainConnection.uniqueName("missing"), Integer.class));
	}

	private int selectOne(ApplicationContext context) {
		return calls(context).idempotent((jdbc, attempt) -> jdbc.queryForObject("select 1", Integer.class));
	}

	private int selectFrom(ApplicationContext context, String table) {
		return calls(context)
			.idempotent((jdbc, attempt) -> jdbc.queryForObject("select count(*) from " + table, Integer.class));
	}

	/**
	 * The first attempt's transaction is read-only, as on a server that does not accept writes.
	 */
	private int readOnlyTransaction(ApplicationContext context, String table) {
		return calls(context).notIdempotentTransaction((jdbc, attempt) -> {
			if (attempt == 1) {
				jdbc.execute("set transaction read only");
			}
			return jdbc.update("insert into %s (id) values (1)".formatted(table));
		});
	}

	private ApplicationContextRunner direct() {
		return ResilientJdbc.runner(this.postgres.jdbcUrl(), this.postgres.user(), this.postgres.password());
	}

	private ApplicationContextRunner viaProxy() {
		this.proxy = FaultProxy.to("127.0.0.1", this.postgres.port());
		String url = this.postgres.jdbcUrl()
			.replace(":" + this.postgres.port() + "/", ":" + this.proxy.port() + "/") + "?loginTimeout=5";
		return ResilientJdbc.runner(url, this.postgres.user(), this.postgres.password());
	}

	private ApplicationContextRunner withReadTimeout() {
		return ResilientJdbc.runner(this.postgres.jdbcUrl() + "?socketTimeout=1", this.postgres.user(),
				this.postgres.password());
	}

	private ApplicationContextRunner withOneConnection() {
		return direct().withPropertyValues("spring.datasource.hikari.maximum-pool-size=1");
	}

	private ApplicationContextRunner asRole(String role) {
		return ResilientJdbc.runner(this.postgres.jdbcUrl(), role, "");
	}

	private PlainConnection openTransaction(int isolation) {
		return PlainConnection.openTransaction(this.postgres.jdbcUrl(), this.postgres.user(),
				this.postgres.password(), isolation);
	}

	private String newTable() {
		String table = PlainConnection.uniqueName("classified");
		this.admin.jdbc().execute("create table " + table + " (id int primary key, v int not null default 0)");
		this.tables.add(table);
		return table;
	}

	/**
	 * A role that may log in and nothing else: it has no privilege on any table of the tests.
	 */
	private String unprivilegedRole() {
		String role = PlainConnection.uniqueName("unprivileged");
		this.admin.jdbc().execute("create role " + role + " login");
		this.roles.add(role);
		return role;
	}

	private int rows(String table) {
		return this.admin.jdbc().queryForObject("select count(*) from " + table, Integer.class);
	}

}
