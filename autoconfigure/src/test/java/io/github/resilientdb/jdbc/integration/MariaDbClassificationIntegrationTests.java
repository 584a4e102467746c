package io.github.resilientdb.jdbc.integration;

import java.sql.Connection;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.jdbc.integration.ResilientJdbc.Failure;
import io.github.resilientdb.test.server.PrivateMariaDb;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;

import static io.github.resilientdb.classify.ErrorCategory.AUTHENTICATION;
import static io.github.resilientdb.classify.ErrorCategory.BUSINESS;
import static io.github.resilientdb.classify.ErrorCategory.MAYBE_APPLIED;
import static io.github.resilientdb.classify.ErrorCategory.REJECTED_BY_SERVER;
import static io.github.resilientdb.classify.ErrorCategory.ROLLED_BACK;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.BREAKER_MINIMUM_CALLS;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.Breaker.COUNTS;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.Breaker.IGNORES;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.assertThatBreakerOpenedAndRejects;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.breaker;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.calls;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.failureOf;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.firstFailure;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.retries;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Each MariaDB-specific classification case of {@code @ResilientDb}, provoked for real on a private MariaDB server
 * over real connections and observed end to end through a Spring Boot context. MariaDB reports most of these
 * failures with a generic SQLState ({@code HY000}), so the vendor code is what tells them apart.
 */
class MariaDbClassificationIntegrationTests {

	private static final String PASSWORD = "right-password";

	private final PrivateMariaDb mariaDb = PrivateMariaDb.shared();

	private final PlainConnection admin = PlainConnection.open(this.mariaDb.jdbcUrl(), this.mariaDb.user(),
			this.mariaDb.password());

	private final List<String> tables = new ArrayList<>();

	private final List<String> users = new ArrayList<>();

	@AfterEach
	void dropWhatTheTestCreated() {
		try {
			this.admin.jdbc().execute("set global read_only = 0");
			this.tables.forEach((table) -> this.admin.jdbc().execute("drop table if exists " + table));
			this.users.forEach((user) -> this.admin.jdbc().execute("drop user if exists '" + user + "'@'%'"));
		}
		finally {
			this.admin.close();
		}
	}

	@Test
	void deadlockIsRetriedAsANewTransaction() {
		String table = newTable();
		direct().run((context) -> {
			deadlock(context, table);
			assertThat(calls(context).attempts()).isEqualTo(2);
			assertThat(firstFailure(context)).isEqualTo(new Failure("40001", 1213, ROLLED_BACK));
			assertThat(this.admin.jdbc().queryForList("select v from " + table + " where id in (1, 2) order by id",
					Integer.class))
				.as("the competitor's update and the retried transaction both applied, once")
				.containsExactly(11, 11);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isZero();
		});
	}

	@Test
	void lockWaitTimeoutIsRetriedAsANewTransaction() {
		String table = newTable();
		direct().run((context) -> {
			lockWaitTimeout(context, table);
			assertThat(calls(context).attempts()).isEqualTo(2);
			assertThat(firstFailure(context)).isEqualTo(new Failure("HY000", 1205, ROLLED_BACK));
			assertThat(this.admin.jdbc().queryForObject("select v from " + table + " where id = 1", Integer.class))
				.as("only the retried update applied")
				.isEqualTo(10);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isZero();
		});
	}

	@Test
	void duplicateKeyIsNeitherRetriedNorABreakerFailure() {
		String table = newTable();
		direct().run((context) -> {
			int rounds = 2 * BREAKER_MINIMUM_CALLS;
			for (int round = 0; round < rounds; round++) {
				assertThatExceptionOfType(DuplicateKeyException.class)
					.isThrownBy(() -> duplicateKey(context, table));
			}
			assertThat(firstFailure(context)).isEqualTo(new Failure("23000", 1062, BUSINESS));
			assertThat(calls(context).attempts()).as("even idempotent calls are not retried").isEqualTo(rounds);
			assertThat(retries(context)).isZero();
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isZero();
		});
	}

	@Test
	void accessDeniedIsNotRetriedAndOpensTheBreaker() {
		String user = newUser();
		asUser(user, "wrong-password").run((context) -> {
			for (int call = 0; call < BREAKER_MINIMUM_CALLS; call++) {
				assertThatExceptionOfType(CannotGetJdbcConnectionException.class).isThrownBy(() -> selectOne(context));
			}
			assertThat(firstFailure(context)).isEqualTo(new Failure("28000", 1045, AUTHENTICATION));
			assertThat(calls(context).attempts()).as("not retried").isEqualTo(BREAKER_MINIMUM_CALLS);
			assertThatBreakerOpenedAndRejects(context, () -> selectOne(context));
		});
	}

	@Test
	void tableAccessDeniedIsNotRetriedAndOpensTheBreaker() {
		String table = newTable();
		String user = newUser();
		this.admin.jdbc().execute("grant insert on " + table + " to '" + user + "'@'%'");
		asUser(user, PASSWORD).run((context) -> {
			for (int call = 0; call < BREAKER_MINIMUM_CALLS; call++) {
				assertThatExceptionOfType(DataAccessException.class).isThrownBy(() -> selectFrom(context, table));
			}
			assertThat(firstFailure(context)).isEqualTo(new Failure("42000", 1142, AUTHENTICATION));
			assertThat(calls(context).attempts()).as("not retried").isEqualTo(BREAKER_MINIMUM_CALLS);
			assertThatBreakerOpenedAndRejects(context, () -> selectFrom(context, table));
		});
	}

	@Test
	void readOnlyServerIsRetriedEvenWhenNotIdempotent() {
		String table = newTable();
		String user = newUser();
		this.admin.jdbc().execute("grant select, insert on " + table + " to '" + user + "'@'%'");
		asUser(user, PASSWORD).run((context) -> {
			assertThat(readOnlyServer(context, table)).isEqualTo(1);
			assertThat(calls(context).attempts()).isEqualTo(2);
			assertThat(firstFailure(context)).isEqualTo(new Failure("HY000", 1290, REJECTED_BY_SERVER));
			assertThat(rows(table)).isEqualTo(1);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isZero();
		});
	}

	@Test
	void eachRealErrorIsClassifiedAsItsCategory() {
		String forbidden = newTable();
		String limited = newUser();
		this.admin.jdbc().execute("grant insert on " + forbidden + " to '" + limited + "'@'%'");
		String writer = newUser();
		String writable = newTable();
		this.admin.jdbc().execute("grant select, insert on " + writable + " to '" + writer + "'@'%'");
		assertThat(List.of(failureOf(direct(), "deadlock", (context) -> deadlock(context, newTable())),
				failureOf(direct(), "lock wait timeout", (context) -> lockWaitTimeout(context, newTable())),
				failureOf(withReadTimeout(), "read timeout", this::readTimeout),
				failureOf(direct(), "duplicate key", (context) -> duplicateKey(context, newTable())),
				failureOf(asUser(newUser(), "wrong-password"), "access denied", this::selectOne),
				failureOf(asUser(limited, PASSWORD), "table access denied",
						(context) -> selectFrom(context, forbidden)),
				failureOf(asUser(writer, PASSWORD), "read-only server",
						(context) -> readOnlyServer(context, writable))))
			.containsExactly(row("deadlock", "40001", 1213, ROLLED_BACK, IGNORES),
					row("lock wait timeout", "HY000", 1205, ROLLED_BACK, IGNORES),
					row("read timeout", "08000", -1, MAYBE_APPLIED, COUNTS),
					row("duplicate key", "23000", 1062, BUSINESS, IGNORES),
					row("access denied", "28000", 1045, AUTHENTICATION, COUNTS),
					row("table access denied", "42000", 1142, AUTHENTICATION, COUNTS),
					row("read-only server", "HY000", 1290, REJECTED_BY_SERVER, COUNTS));
	}

	/**
	 * The bean updates row 1 then row 2; a competitor holding row 2 (and more rows, so that InnoDB prefers to roll
	 * the bean back) waits for row 1. InnoDB detects the deadlock as soon as the bean asks for row 2.
	 */
	private int deadlock(ApplicationContext context, String table) throws Exception {
		this.admin.jdbc().update("insert into %s (id, v) values (1, 0), (2, 0)".formatted(table));
		String update = "update %s set v = v + ? where id = ?".formatted(table);
		AtomicReference<CompletableFuture<Void>> competing = new AtomicReference<>();
		try (PlainConnection competitor = openTransaction()) {
			long competitorId = competitor.jdbc().queryForObject("select connection_id()", Long.class);
			competitor.jdbc().update(update, 1, 2);
			competitor.jdbc().update("insert into %s (id) values (10), (11), (12), (13), (14)".formatted(table));
			try {
				return calls(context).notIdempotentTransaction((jdbc, attempt) -> {
					jdbc.update(update, 10, 1);
					if (attempt == 1) {
						competing.set(CompletableFuture.runAsync(() -> {
							competitor.jdbc().update(update, 1, 1);
							competitor.commit();
						}));
						PlainConnection.await("the competitor waits for row 1", () -> this.admin.jdbc()
							.queryForObject("select count(*) from information_schema.innodb_trx"
									+ " where trx_mysql_thread_id = ? and trx_state = 'LOCK WAIT'", Integer.class,
									competitorId) > 0);
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
	 * A competitor holds row 1 until the bean's second attempt; the bean's session waits one second at most.
	 */
	private int lockWaitTimeout(ApplicationContext context, String table) {
		this.admin.jdbc().update("insert into %s (id, v) values (1, 0)".formatted(table));
		try (PlainConnection competitor = openTransaction()) {
			competitor.jdbc().update("update %s set v = v + 1 where id = 1".formatted(table));
			return calls(context).notIdempotentTransaction((jdbc, attempt) -> {
				if (attempt == 2) {
					competitor.rollback();
				}
				jdbc.execute("set session innodb_lock_wait_timeout = 1");
				return jdbc.update("update %s set v = v + 10 where id = 1".formatted(table));
			});
		}
	}

	/**
	 * The first attempt runs a three-second statement on a connection with a one-second socket timeout.
	 */
	private int readTimeout(ApplicationContext context) {
		return calls(context).notIdempotent((jdbc, attempt) -> {
			jdbc.queryForList("select sleep(?)", (attempt == 1) ? 3 : 0);
			return attempt;
		});
	}

	private int duplicateKey(ApplicationContext context, String table) {
		this.admin.jdbc().update("insert ignore into %s (id) values (1)".formatted(table));
		return calls(context).idempotent(
				(jdbc, attempt) -> jdbc.update("insert into %s (id) values (1)".formatted(table)));
	}

	private int selectOne(ApplicationContext context) {
		return calls(context).idempotent((jdbc, attempt) -> jdbc.queryForObject("select 1", Integer.class));
	}

	private int selectFrom(ApplicationContext context, String table) {
		return calls(context)
			.idempotent((jdbc, attempt) -> jdbc.queryForObject("select count(*) from " + table, Integer.class));
	}

	/**
	 * Inserts a row, not idempotently, while the server is read-only (as a demoted primary is) until the second
	 * attempt. The application's user has no privilege to write to a read-only server; root has.
	 */
	private int readOnlyServer(ApplicationContext context, String table) {
		this.admin.jdbc().execute("set global read_only = 1");
		try {
			return calls(context).notIdempotent((jdbc, attempt) -> {
				if (attempt == 2) {
					this.admin.jdbc().execute("set global read_only = 0");
				}
				return jdbc.update("insert into %s (id) values (1)".formatted(table));
			});
		}
		finally {
			this.admin.jdbc().execute("set global read_only = 0");
		}
	}

	private ApplicationContextRunner direct() {
		return ResilientJdbc.runner(this.mariaDb.jdbcUrl(), this.mariaDb.user(), this.mariaDb.password());
	}

	private ApplicationContextRunner withReadTimeout() {
		return ResilientJdbc.runner(this.mariaDb.jdbcUrl() + "?socketTimeout=1000", this.mariaDb.user(),
				this.mariaDb.password());
	}

	private ApplicationContextRunner asUser(String user, String password) {
		return ResilientJdbc.runner(this.mariaDb.jdbcUrl(), user, password);
	}

	private PlainConnection openTransaction() {
		return PlainConnection.openTransaction(this.mariaDb.jdbcUrl(), this.mariaDb.user(), this.mariaDb.password(),
				Connection.TRANSACTION_REPEATABLE_READ);
	}

	private String newTable() {
		String table = PlainConnection.uniqueName("classified");
		this.admin.jdbc()
			.execute("create table " + table + " (id int primary key, v int not null default 0) engine = InnoDB");
		this.tables.add(table);
		return table;
	}

	/**
	 * A user with a password and, until granted some, no privilege.
	 */
	private String newUser() {
		String user = PlainConnection.uniqueName("app");
		this.admin.jdbc().execute("create user '" + user + "'@'%' identified by '" + PASSWORD + "'");
		this.users.add(user);
		return user;
	}

	private int rows(String table) {
		return this.admin.jdbc().queryForObject("select count(*) from " + table, Integer.class);
	}

}
