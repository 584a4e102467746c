package io.github.resilientdb.jdbc.autoconfigure;

import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.test.server.PrivateMariaDb;
import io.github.resilientdb.test.server.PrivatePostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * "Was anything sent?" is known, not guessed, on real PostgreSQL and MariaDB servers: a plain not-idempotent method
 * (no transaction, not a repository, so not atomic) whose only insert never reached the server, because the pool had
 * no connection to give, is retried; one whose first insert was applied and whose second never left is not.
 */
class SendTrackingDataSourcePostProcessorTests {

	private static final String TABLE = "send_tracking";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				JdbcResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class))
		.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
		.withBean(Inserts.class)
		.withPropertyValues("spring.datasource.hikari.maximum-pool-size=1",
				"spring.datasource.hikari.connection-timeout=250", "resilientdb.datastores.jdbc.retry.delay=10ms",
				"resilientdb.datastores.jdbc.retry.max-delay=50ms",
				"resilientdb.datastores.jdbc.retry.budget.min-retries-per-second=1000");

	@ParameterizedTest
	@ValueSource(strings = { "postgresql", "mariadb" })
	void onlyInsertThatNeverReachedTheServerIsRetried(String server) {
		on(server).run((context) -> {
			JdbcTemplate jdbc = createTable(context);
			Inserts inserts = context.getBean(Inserts.class);
			Connection held = context.getBean(DataSource.class).getConnection();
			int id = inserts.insertOnce(() -> release(held));
			assertThat(id).isEqualTo(1);
			assertThat(inserts.attempts()).as("the pool timed out, nothing was sent, so it was retried").isEqualTo(2);
			assertThat(jdbc.queryForObject("select count(*) from " + TABLE, Integer.class)).isEqualTo(1);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgresql", "mariadb" })
	void secondInsertThatNeverLeftAfterAnAppliedFirstIsNotRetried(String server) {
		on(server).run((context) -> {
			JdbcTemplate jdbc = createTable(context);
			Inserts inserts = context.getBean(Inserts.class);
			DataSource dataSource = context.getBean(DataSource.class);
			AtomicReference<Connection> held = new AtomicReference<>();
			try {
				assertThatExceptionOfType(CannotGetJdbcConnectionException.class)
					.isThrownBy(() -> inserts.insertTwice(() -> held.set(CompletableFuture
						.supplyAsync(() -> connection(dataSource))
						.get(5, TimeUnit.SECONDS))));
			}
			finally {
				release(held.get());
			}
			assertThat(inserts.attempts()).as("the first insert was sent: not retried").isEqualTo(1);
			assertThat(jdbc.queryForObject("select count(*) from " + TABLE, Integer.class))
				.as("the first insert, applied once").isEqualTo(1);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgresql" })
	void withTrackingOffTheAtomicRuleDecides(String server) {
		on(server).withPropertyValues("resilientdb.jdbc.send-tracking.enabled=false").run((context) -> {
			createTable(context);
			assertThat(context.getBean(DataSource.class)).isExactlyInstanceOf(HikariDataSource.class);
			assertThat(context.getBean("jdbcDatastoreType", DatastoreType.class).sendTracker()).isNull();
			Inserts inserts = context.getBean(Inserts.class);
			Connection held = context.getBean(DataSource.class).getConnection();
			try {
				assertThatExceptionOfType(CannotGetJdbcConnectionException.class)
					.isThrownBy(() -> inserts.insertOnce(() -> {
					}));
			}
			finally {
				release(held);
			}
			assertThat(inserts.attempts()).as("not atomic, not idempotent: not retried").isEqualTo(1);
		});
	}

	@ParameterizedTest
	@ValueSource(strings = { "postgresql" })
	void trackedDataSourceKeepsItsType(String server) {
		on(server).run((context) -> {
			assertThat(context.getBean(DataSource.class)).isInstanceOf(HikariDataSource.class);
			assertThat(context.getBean(HikariDataSource.class).getMaximumPoolSize()).isEqualTo(1);
			assertThat(context.getBean("jdbcDatastoreType", DatastoreType.class).sendTracker()).isNotNull()
				.satisfies((tracker) -> assertThat(tracker.isTracked()).isTrue());
		});
	}

	private ApplicationContextRunner on(String server) {
		if (server.equals("postgresql")) {
			PrivatePostgres postgres = PrivatePostgres.shared();
			return this.runner.withPropertyValues("spring.datasource.url=" + postgres.jdbcUrl(),
					"spring.datasource.username=" + postgres.user(),
					"spring.datasource.password=" + postgres.password());
		}
		PrivateMariaDb mariaDb = PrivateMariaDb.shared();
		return this.runner.withPropertyValues("spring.datasource.url=" + mariaDb.jdbcUrl(),
				"spring.datasource.username=" + mariaDb.user(), "spring.datasource.password=" + mariaDb.password());
	}

	private static JdbcTemplate createTable(org.springframework.context.ApplicationContext context) {
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		jdbc.execute("drop table if exists " + TABLE);
		jdbc.execute("create table " + TABLE + " (id int primary key)");
		return jdbc;
	}

	private static Connection connection(DataSource dataSource) {
		try {
			return dataSource.getConnection();
		}
		catch (java.sql.SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void release(Connection connection) {
		if (connection != null) {
			try {
				connection.close();
			}
			catch (java.sql.SQLException ex) {
				throw new IllegalStateException(ex);
			}
		}
	}

	/**
	 * Something the test does in the middle of an attempt.
	 */
	@FunctionalInterface
	interface Step {

		void run() throws Exception;

	}

	static class Inserts {

		private final JdbcTemplate jdbc;

		private final AtomicInteger attempts = new AtomicInteger();

		Inserts(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		int attempts() {
			return this.attempts.get();
		}

		/**
		 * One insert; on the second attempt, the step runs first (it frees the pool's only connection).
		 */
		@ResilientDb(idempotency = Idempotency.NOT_IDEMPOTENT)
		public int insertOnce(Step secondAttempt) throws Exception {
			if (this.attempts.incrementAndGet() == 2) {
				secondAttempt.run();
			}
			this.jdbc.update("insert into " + TABLE + " values (1)");
			return 1;
		}

		/**
		 * Two inserts, each on a connection of its own; between them the step takes the pool's only connection.
		 */
		@ResilientDb(idempotency = Idempotency.NOT_IDEMPOTENT)
		public void insertTwice(Step between) throws Exception {
			this.attempts.incrementAndGet();
			this.jdbc.update("insert into " + TABLE + " values (1)");
			between.run();
			this.jdbc.update("insert into " + TABLE + " values (2)");
		}

	}

}
