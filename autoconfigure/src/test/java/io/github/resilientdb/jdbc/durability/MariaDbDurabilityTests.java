package io.github.resilientdb.jdbc.durability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilientdb.Durability;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.jdbc.JdbcStack;
import io.github.resilientdb.jdbc.pool.JdbcPoolControl;
import io.github.resilientdb.test.server.PrivateMariaDb;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * MariaDB has no per-transaction durability: a level it cannot promise fails the call before anything runs (or the
 * start, for a default level), never degrades silently; what it can promise runs. Against a real MariaDB server.
 */
@ExtendWith(OutputCaptureExtension.class)
class MariaDbDurabilityTests {

	private final ApplicationContextRunner runner = JdbcStack.runner(PrivateMariaDb.shared())
		.withBean(Accounts.class)
		.withPropertyValues("spring.datasource.password=" + PrivateMariaDb.shared().password(),
				"spring.datasource.hikari.maximum-pool-size=2");

	@Test
	void criticalFailsBeforeTheMethodRunsAndLeavesNoTransactionBehind() {
		this.runner.run((context) -> {
			Accounts accounts = context.getBean(Accounts.class);
			accounts.createTable();
			assertThatExceptionOfType(UnsupportedDurabilityException.class).isThrownBy(() -> accounts.insertCritical(1))
				.withMessageContaining("CRITICAL cannot be promised on MariaDB/MySQL")
				.satisfies((ex) -> {
					assertThat(ex.getDurability()).isEqualTo(Durability.CRITICAL);
					ErrorCategory category = context.getBean(ErrorClassification.class).classify(ex);
					assertThat(category).isEqualTo(ErrorCategory.BUSINESS);
					assertThat(category.isRetryable(true)).isFalse();
					assertThat(category.isBreakerFailure()).isFalse();
				});
			assertThat(accounts.attempts()).as("the method never ran").isZero();
			assertThat(TransactionSynchronizationManager.getResourceMap()).isEmpty();
			assertThat(TransactionSynchronizationManager.isSynchronizationActive()).isFalse();
			assertThat(context.getBean(JdbcPoolControl.class).stats().active()).as("connection returned").isZero();
			accounts.insertBulk(2);
			assertThat(accounts.rows()).isEqualTo(1);
		});
	}

	@Test
	void importantFailsWhenTheServerDoesNotFlushAtEveryCommit() {
		this.runner.run((context) -> {
			Accounts accounts = context.getBean(Accounts.class);
			accounts.createTable();
			assertThatExceptionOfType(UnsupportedDurabilityException.class)
				.isThrownBy(() -> accounts.insertImportant(1))
				.withMessageContaining("innodb_flush_log_at_trx_commit is 0");
			assertThat(accounts.attempts()).isZero();
			assertThat(accounts.rows()).isZero();
		});
	}

	@Test
	void importantRunsWhenTheServerFlushesAtEveryCommit() throws SQLException {
		try (PrivateMariaDb mariaDb = PrivateMariaDb.start()) {
			try (Connection admin = DriverManager.getConnection(mariaDb.jdbcUrl(), mariaDb.user(), mariaDb.password());
					Statement statement = admin.createStatement()) {
				statement.execute("set global innodb_flush_log_at_trx_commit = 1");
			}
			this.runner.withPropertyValues("spring.datasource.url=" + mariaDb.jdbcUrl()).run((context) -> {
				Accounts accounts = context.getBean(Accounts.class);
				accounts.createTable();
				accounts.insertImportant(1);
				assertThat(accounts.rows()).isEqualTo(1);
			});
		}
	}

	@Test
	void bulkAndFireAndForgetRunAtTheServersOwnDurability() {
		this.runner.run((context) -> {
			Accounts accounts = context.getBean(Accounts.class);
			accounts.createTable();
			accounts.insertBulk(1);
			accounts.insertFireAndForget(2);
			assertThat(accounts.rows()).isEqualTo(2);
		});
	}

	@Test
	void criticalMethodJoiningATransactionRollsItBack() {
		this.runner.run((context) -> {
			Accounts accounts = context.getBean(Accounts.class);
			TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
			accounts.createTable();
			assertThatExceptionOfType(UnsupportedDurabilityException.class)
				.isThrownBy(() -> transaction.executeWithoutResult((status) -> {
					accounts.insertPlain(1);
					accounts.insertCritical(2);
				}));
			assertThat(accounts.attempts()).as("joined, the method ran inside the transaction").isEqualTo(1);
			assertThat(accounts.rows()).as("and the transaction rolled back").isZero();
		});
	}

	@Test
	void criticalDefaultLevelFailsTheStart() {
		this.runner.withPropertyValues("resilientdb.jdbc.durability.default-level=critical").run((context) -> {
			assertThat(context).hasFailed();
			assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
				.isInstanceOfSatisfying(InvalidResilientDbPropertyException.class, (ex) -> {
					assertThat(ex.getProperty()).isEqualTo("resilientdb.jdbc.durability.default-level");
					assertThat(ex.getRequirement()).contains("MariaDB/MySQL data source(s) [dataSource]");
				});
		});
	}

	@Test
	void importantDefaultLevelAndMethodsAskingForDurabilityAreWarnedAtStartUp(CapturedOutput output) {
		this.runner.withPropertyValues("resilientdb.jdbc.durability.default-level=important").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(output).contains("resilientdb.jdbc.durability.default-level=IMPORTANT cannot be set per "
					+ "transaction on the MariaDB/MySQL data source(s) [dataSource]")
				.contains("Accounts.insertCritical (CRITICAL)")
				.contains("Accounts.insertImportant (IMPORTANT)")
				.doesNotContain("Accounts.insertBulk (");
		});
	}

	static class Accounts {

		private final JdbcTemplate jdbc;

		private final String table = "accounts_" + System.nanoTime();

		private final AtomicInteger attempts = new AtomicInteger();

		Accounts(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		public int attempts() {
			return this.attempts.get();
		}

		public void createTable() {
			this.jdbc.execute("create table " + this.table + " (id int primary key) engine=InnoDB");
		}

		public int rows() {
			return this.jdbc.queryForObject("select count(*) from " + this.table, Integer.class);
		}

		@Transactional
		public void insertPlain(int id) {
			this.jdbc.update("insert into " + this.table + " values (?)", id);
		}

		@ResilientDb(datastore = "jdbc", durability = Durability.CRITICAL)
		@Transactional
		public void insertCritical(int id) {
			insert(id);
		}

		@ResilientDb(datastore = "jdbc", durability = Durability.IMPORTANT)
		@Transactional
		public void insertImportant(int id) {
			insert(id);
		}

		@ResilientDb(datastore = "jdbc", durability = Durability.BULK)
		@Transactional
		public void insertBulk(int id) {
			insert(id);
		}

		@ResilientDb(datastore = "jdbc", durability = Durability.FIRE_AND_FORGET)
		@Transactional
		public void insertFireAndForget(int id) {
			insert(id);
		}

		private void insert(int id) {
			this.attempts.incrementAndGet();
			this.jdbc.update("insert into " + this.table + " values (?)", id);
		}

	}

}
