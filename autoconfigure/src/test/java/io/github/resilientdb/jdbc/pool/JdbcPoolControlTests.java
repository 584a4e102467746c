package io.github.resilientdb.jdbc.pool;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.util.Credentials;
import io.github.resilientdb.jdbc.JdbcStack;
import io.github.resilientdb.test.server.PrivatePostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.jdbc.datasource.DelegatingDataSource;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;
import static org.awaitility.Awaitility.await;

/**
 * Runtime control of a live pool against a real PostgreSQL server: statistics, resizing, eviction and credential
 * rotation that lets work in progress finish.
 */
@ExtendWith(OutputCaptureExtension.class)
class JdbcPoolControlTests {

	private final ApplicationContextRunner runner = JdbcStack.runner(PrivatePostgres.shared())
		.withPropertyValues("resilientdb.jdbc.pool.maximum-pool-size=2", "resilientdb.jdbc.pool.connection-timeout=300ms",
				"resilientdb.jdbc.pool.validation-timeout=250ms");

	@Test
	void statsFollowTheLivePool() {
		this.runner.run((context) -> {
			JdbcPoolControl control = context.getBean(JdbcPoolControl.class);
			assertThat(control.stats()).as("before the pool starts").isEqualTo(new JdbcPoolStats(control.poolName(),
					0, 0, 0, 0, 2, 2));
			try (Connection connection = context.getBean(HikariDataSource.class).getConnection()) {
				await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(control.stats())
					.isEqualTo(new JdbcPoolStats(control.poolName(), 1, 1, 0, 2, 2, 2)));
			}
			assertThat(control.stats().active()).isZero();
			assertThat(control.stats().idle()).isEqualTo(2);
		});
	}

	@Test
	void resizeIsObservedOnTheLivePool() {
		this.runner.run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			JdbcPoolControl control = context.getBean(JdbcPoolControl.class);
			List<Connection> held = open(dataSource, 2);
			assertThatExceptionOfType(SQLTransientConnectionException.class).as("a third caller waits, then fails")
				.isThrownBy(dataSource::getConnection);
			control.resize(4, 4);
			held.addAll(open(dataSource, 2));
			assertThat(control.stats()).extracting(JdbcPoolStats::active, JdbcPoolStats::total,
					JdbcPoolStats::maximum, JdbcPoolStats::minimumIdle)
				.containsExactly(4, 4, 4, 4);
			assertThat(dataSource.getHikariConfigMXBean().getMaximumPoolSize()).isEqualTo(4);
			close(held);
			control.resize(1, 1);
			control.evictConnections();
			await().atMost(Duration.ofSeconds(10)).until(() -> control.stats().total() == 1);
			try (Connection only = dataSource.getConnection()) {
				assertThatExceptionOfType(SQLTransientConnectionException.class).isThrownBy(dataSource::getConnection);
			}
		});
	}

	@Test
	void evictionClosesIdleConnectionsNowAndBusyOnesWhenReturned() {
		this.runner.run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			JdbcPoolControl control = context.getBean(JdbcPoolControl.class);
			Connection busy = dataSource.getConnection();
			await().atMost(Duration.ofSeconds(10)).until(() -> control.stats().idle() == 1);
			int busyPid = pid(busy);
			int idlePid;
			try (Connection other = dataSource.getConnection()) {
				idlePid = pid(other);
			}
			control.evictConnections();
			await().atMost(Duration.ofSeconds(10)).until(() -> !isAlive(busy, idlePid));
			assertThat(query(busy, "select 'still working'")).isEqualTo("still working");
			busy.close();
			await().atMost(Duration.ofSeconds(10)).until(() -> control.stats().total() == 2);
			List<Connection> fresh = open(dataSource, 2);
			for (Connection connection : fresh) {
				assertThat(pid(connection)).isNotIn(busyPid, idlePid);
			}
			close(fresh);
		});
	}

	@Test
	void rotationToAnotherRoleLetsWorkInProgressFinish(CapturedOutput output) throws Exception {
		String role = "rotated_" + System.nanoTime();
		execute(PrivatePostgres.shared(), "create role " + role + " login");
		try {
			this.runner.run((context) -> {
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				JdbcPoolControl control = context.getBean(JdbcPoolControl.class);
				CountDownLatch started = new CountDownLatch(1);
				CompletableFuture<String> inFlight = CompletableFuture
					.supplyAsync(() -> sleepingTransaction(dataSource, started));
				assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
				control.rotateCredentials(role, "never-logged-secret");
				try (Connection connection = dataSource.getConnection()) {
					assertThat(query(connection, "select current_user")).isEqualTo(role);
				}
				assertThat(inFlight.get(10, TimeUnit.SECONDS)).as("committed under the old user")
					.isEqualTo("postgres committed");
				List<Connection> all = open(dataSource, 2);
				for (Connection connection : all) {
					assertThat(query(connection, "select current_user")).isEqualTo(role);
				}
				close(all);
			});
		}
		finally {
			execute(PrivatePostgres.shared(), "drop role " + role);
		}
		assertThat(output).contains("Rotated the credentials").doesNotContain("never-logged-secret");
	}

	@Test
	void passwordRotationOnAServerThatChecksPasswords(CapturedOutput output) throws Exception {
		try (PrivatePostgres postgres = PrivatePostgres.start()) {
			requirePasswords(postgres, "app", "first-secret");
			this.runner
				.withPropertyValues("spring.datasource.url=" + postgres.jdbcUrl(), "spring.datasource.username=app",
						"spring.datasource.password=first-secret")
				.run((context) -> {
					HikariDataSource dataSource = context.getBean(HikariDataSource.class);
					JdbcPoolControl control = context.getBean(JdbcPoolControl.class);
					Set<Integer> oldPids = new HashSet<>();
					for (Connection connection : open(dataSource, 2)) {
						oldPids.add(pid(connection));
						connection.close();
					}
					CountDownLatch started = new CountDownLatch(1);
					CompletableFuture<String> inFlight = CompletableFuture
						.supplyAsync(() -> sleepingTransaction(dataSource, started));
					assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
					execute(postgres, "alter role app password 'second-secret'");
					assertThatIllegalStateException().isThrownBy(() -> control.rotateCredentials("app", "wrong-secret"))
						.withMessageContaining("keeps its current credentials")
						.havingRootCause()
						.isInstanceOfSatisfying(SQLException.class,
								(ex) -> assertThat(ex.getSQLState()).isEqualTo("28P01"));
					control.rotateCredentials("app", "second-secret");
					assertThat(inFlight.get(10, TimeUnit.SECONDS)).isEqualTo("app committed");
					await().atMost(Duration.ofSeconds(10)).until(() -> control.stats().total() == 2);
					for (Connection connection : open(dataSource, 2)) {
						assertThat(pid(connection)).as("opened with the new password").isNotIn(oldPids);
						connection.close();
					}
				});
		}
		assertThat(output).doesNotContain("first-secret")
			.doesNotContain("second-secret")
			.doesNotContain("wrong-secret");
	}

	@Test
	void rotationIsRefusedWhenACredentialsProviderOwnsTheCredentials() {
		try (HikariDataSource dataSource = new HikariDataSource()) {
			dataSource.setCredentialsProvider(() -> Credentials.of("vault", "token"));
			assertThatIllegalStateException()
				.isThrownBy(() -> new JdbcPoolControl(dataSource).rotateCredentials("app", "secret"))
				.withMessageContaining("HikariCredentialsProvider");
		}
	}

	@Test
	void resizeRejectsSizesThatDoNotFit() {
		try (HikariDataSource dataSource = new HikariDataSource()) {
			JdbcPoolControl control = new JdbcPoolControl(dataSource);
			assertThatIllegalArgumentException().isThrownBy(() -> control.resize(0, 0));
			assertThatIllegalArgumentException().isThrownBy(() -> control.resize(2, 3));
			assertThatIllegalArgumentException().isThrownBy(() -> control.resize(2, -1));
		}
	}

	@Test
	void ofUnwrapsAPoolBehindAProxyAndRejectsOtherDataSources() {
		try (HikariDataSource dataSource = new HikariDataSource()) {
			dataSource.setPoolName("behind-a-proxy");
			assertThat(JdbcPoolControl.of(new DelegatingDataSource(dataSource)).poolName()).isEqualTo("behind-a-proxy");
		}
		assertThatIllegalArgumentException().isThrownBy(() -> JdbcPoolControl.of(new SimpleDriverDataSource()));
	}

	private static String sleepingTransaction(HikariDataSource dataSource, CountDownLatch started) {
		try (Connection connection = dataSource.getConnection()) {
			connection.setAutoCommit(false);
			String user = query(connection, "select current_user");
			started.countDown();
			query(connection, "select pg_sleep(1.5)::text");
			connection.commit();
			return user + " committed";
		}
		catch (SQLException ex) {
			throw new IllegalStateException(ex);
		}
	}

	private static void requirePasswords(PrivatePostgres postgres, String user, String password) throws SQLException {
		try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "")) {
			String hbaFile = query(admin, "show hba_file");
			execute(admin, "create role " + user + " login password '" + password + "'");
			execute(admin, "copy (values ('host all postgres 127.0.0.1/32 trust'), "
					+ "('host all all 127.0.0.1/32 scram-sha-256'), ('local all all trust')) to '" + hbaFile + "'");
			query(admin, "select pg_reload_conf()::text");
		}
		await().atMost(Duration.ofSeconds(10)).until(() -> {
			try (Connection refused = DriverManager.getConnection(postgres.jdbcUrl(), user, "not-" + password)) {
				return false;
			}
			catch (SQLException ex) {
				return "28P01".equals(ex.getSQLState());
			}
		});
	}

	private static List<Connection> open(HikariDataSource dataSource, int count) throws SQLException {
		List<Connection> connections = new ArrayList<>();
		for (int i = 0; i < count; i++) {
			connections.add(dataSource.getConnection());
		}
		return connections;
	}

	private static void close(List<Connection> connections) throws SQLException {
		for (Connection connection : connections) {
			connection.close();
		}
	}

	private static int pid(Connection connection) throws SQLException {
		return Integer.parseInt(query(connection, "select pg_backend_pid()::text"));
	}

	private static boolean isAlive(Connection connection, int pid) throws SQLException {
		return !"0".equals(query(connection, "select count(*)::text from pg_stat_activity where pid = " + pid));
	}

	private static void execute(PrivatePostgres postgres, String sql) throws SQLException {
		try (Connection admin = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), "")) {
			execute(admin, sql);
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

}
