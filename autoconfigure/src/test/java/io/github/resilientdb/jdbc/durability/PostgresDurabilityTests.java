package io.github.resilientdb.jdbc.durability;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;

import io.github.resilientdb.Durability;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.jdbc.JdbcStack;
import io.github.resilientdb.test.server.PrivatePostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * The durability of each level, observed with {@code SHOW synchronous_commit} inside the transaction of a
 * {@code @ResilientDb @Transactional} method on a real PostgreSQL server, on a pool of one connection so that a
 * setting leaking into the next transaction would show. The connection's session value is set to
 * {@code remote_write}, a value no level maps to, so that every change is visible.
 */
@ExtendWith(OutputCaptureExtension.class)
class PostgresDurabilityTests {

	private static final String BASELINE = "remote_write";

	private final ApplicationContextRunner runner = JdbcStack.runner(PrivatePostgres.shared())
		.withBean(Orders.class)
		.withPropertyValues("spring.datasource.hikari.maximum-pool-size=1");

	@Test
	void eachLevelSetsSynchronousCommitForItsTransactionOnly(CapturedOutput output) {
		this.runner.run((context) -> {
			Orders orders = context.getBean(Orders.class);
			orders.setSession(BASELINE);
			Observed before = orders.plain();
			assertThat(before.value()).isEqualTo(BASELINE);
			assertLevel(orders.critical(), "on", before);
			assertLevel(orders.important(), "on", before);
			assertLevel(orders.bulk(), "local", before);
			assertLevel(orders.fireAndForget(), "off", before);
			assertLevel(orders.resilientWithoutDurability(), BASELINE, before);
			assertThat(output).containsOnlyOnce("the PostgreSQL server has no synchronous standby");
		});
	}

	private static void assertLevel(Observed observed, String expected, Observed before) {
		assertThat(observed.value()).isEqualTo(expected);
		assertThat(observed.pid()).as("same pooled connection").isEqualTo(before.pid());
	}

	@Test
	void settingDoesNotLeakIntoTheNextTransactionOnTheSameConnection() {
		this.runner.run((context) -> {
			Orders orders = context.getBean(Orders.class);
			orders.setSession(BASELINE);
			for (Observed observed : new Observed[] { orders.critical(), orders.bulk(), orders.fireAndForget() }) {
				Observed next = orders.plain();
				assertThat(next.pid()).isEqualTo(observed.pid());
				assertThat(next.value()).isEqualTo(BASELINE);
			}
		});
	}

	@Test
	void criticalWriteCommits() {
		this.runner.run((context) -> {
			Orders orders = context.getBean(Orders.class);
			orders.createTable();
			assertThat(orders.insertCritical(1)).isEqualTo("on");
			assertThat(orders.rows()).isEqualTo(1);
		});
	}

	@Test
	void rolledBackTransactionDiscardsTheSettingToo() {
		this.runner.run((context) -> {
			Orders orders = context.getBean(Orders.class);
			orders.setSession(BASELINE);
			assertThatIllegalStateException().isThrownBy(orders::bulkThenFail);
			assertThat(orders.plain().value()).isEqualTo(BASELINE);
		});
	}

	@Test
	void readOnlyTransactionIsLeftAlone() {
		this.runner.run((context) -> {
			Orders orders = context.getBean(Orders.class);
			orders.setSession(BASELINE);
			assertThat(orders.criticalReadOnly().value()).isEqualTo(BASELINE);
		});
	}

	@Test
	void defaultLevelAppliesToTransactionsThatAskForNothing() {
		this.runner.withPropertyValues("resilientdb.jdbc.durability.default-level=bulk").run((context) -> {
			Orders orders = context.getBean(Orders.class);
			orders.setSession(BASELINE);
			assertThat(orders.plain().value()).isEqualTo("local");
			assertThat(orders.resilientWithoutDurability().value()).isEqualTo("local");
			assertThat(orders.important().value()).as("the method's level wins").isEqualTo("on");
			assertThat(orders.fireAndForget().value()).isEqualTo("off");
		});
	}

	@Test
	void methodJoiningATransactionRaisesItsDurabilityButNeverLowersIt() {
		this.runner.run((context) -> {
			Orders orders = context.getBean(Orders.class);
			TransactionTemplate transaction = context.getBean(TransactionTemplate.class);
			orders.setSession(BASELINE);
			String critical = transaction.execute((status) -> orders.critical().value() + " then " + orders.now());
			assertThat(critical).isEqualTo(BASELINE + " then on");
			String bulk = transaction.execute((status) -> orders.bulk().value() + " then " + orders.now());
			assertThat(bulk).isEqualTo(BASELINE + " then " + BASELINE);
			assertThat(orders.plain().value()).isEqualTo(BASELINE);
		});
	}

	@Test
	void criticalWaitsForTheStandbyWhereThereIsOne() throws SQLException {
		try (PrivatePostgres postgres = PrivatePostgres.start()) {
			try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "")) {
				execute(admin, "alter system set synchronous_standby_names = 'standby_that_never_answers'");
				execute(admin, "select pg_reload_conf()");
			}
			await().atMost(Duration.ofSeconds(10)).until(() -> {
				try (Connection probe = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "")) {
					return !query(probe, "show synchronous_standby_names").isEmpty();
				}
			});
			this.runner.withPropertyValues("spring.datasource.url=" + postgres.jdbcUrl()).run((context) -> {
				Orders orders = context.getBean(Orders.class);
				// Nothing is written: a commit would wait for a standby that does not exist.
				assertThat(orders.critical().value()).isEqualTo("remote_apply");
				assertThat(orders.important().value()).isEqualTo("on");
				assertThat(orders.plain().value()).as("the server's own setting").isEqualTo("off");
			});
		}
	}

	private static void execute(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	private static String query(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
			return result.getString(1);
		}
	}

	record Observed(String value, int pid) {

	}

	static class Orders {

		private final JdbcTemplate jdbc;

		private final String table = "orders_" + System.nanoTime();

		Orders(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		public void setSession(String value) {
			this.jdbc.execute("set synchronous_commit = " + value);
		}

		public void createTable() {
			this.jdbc.execute("create table " + this.table + " (id int primary key)");
		}

		public int rows() {
			return this.jdbc.queryForObject("select count(*) from " + this.table, Integer.class);
		}

		public String now() {
			return this.jdbc.queryForObject("show synchronous_commit", String.class);
		}

		@Transactional
		public Observed plain() {
			return observe();
		}

		@ResilientDb(datastore = "jdbc")
		@Transactional
		public Observed resilientWithoutDurability() {
			return observe();
		}

		@ResilientDb(datastore = "jdbc", durability = Durability.CRITICAL)
		@Transactional
		public Observed critical() {
			return observe();
		}

		@ResilientDb(datastore = "jdbc", durability = Durability.CRITICAL)
		@Transactional(readOnly = true)
		public Observed criticalReadOnly() {
			return observe();
		}

		@ResilientDb(datastore = "jdbc", durability = Durability.IMPORTANT)
		@Transactional
		public Observed important() {
			return observe();
		}

		@ResilientDb(datastore = "jdbc", durability = Durability.BULK)
		@Transactional
		public Observed bulk() {
			return observe();
		}

		@ResilientDb(datastore = "jdbc", durability = Durability.BULK)
		@Transactional
		public void bulkThenFail() {
			observe();
			throw new IllegalStateException("rolled back");
		}

		@ResilientDb(datastore = "jdbc", durability = Durability.FIRE_AND_FORGET)
		@Transactional
		public Observed fireAndForget() {
			return observe();
		}

		@ResilientDb(datastore = "jdbc", durability = Durability.CRITICAL)
		@Transactional
		public String insertCritical(int id) {
			this.jdbc.update("insert into " + this.table + " values (?)", id);
			return now();
		}

		private Observed observe() {
			return this.jdbc.queryForObject("select current_setting('synchronous_commit'), pg_backend_pid()",
					(result, row) -> new Observed(result.getString(1), result.getInt(2)));
		}

	}

}
