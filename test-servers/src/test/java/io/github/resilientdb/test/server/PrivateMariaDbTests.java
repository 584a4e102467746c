package io.github.resilientdb.test.server;

import io.github.resilientdb.test.proxy.FaultProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * {@link PrivateMariaDb} answers real JDBC queries, directly and through a {@link FaultProxy},
 * enforces passwords, and goes away completely when closed.
 */
class PrivateMariaDbTests {

	@Test
	void sharedServerAnswersSelectOneInDatabaseTest() throws SQLException {
		PrivateMariaDb mariaDb = PrivateMariaDb.shared();

		assertThat(mariaDb.jdbcUrl()).isEqualTo("jdbc:mariadb://127.0.0.1:" + mariaDb.port() + "/test");
		assertThat(mariaDb.user()).isEqualTo("root");
		assertThat(mariaDb.password()).isEmpty();
		try (Connection connection = DriverManager.getConnection(mariaDb.jdbcUrl(), mariaDb.user(),
				mariaDb.password())) {
			assertThat(query(connection, "select 1")).isEqualTo("1");
			assertThat(query(connection, "select database()")).isEqualTo("test");
			assertThat(query(connection, "select @@innodb_lock_wait_timeout")).isEqualTo("2");
			assertThat(query(connection, "select @@bind_address")).isEqualTo("127.0.0.1");
		}
	}

	@Test
	void wrongPasswordIsRefused() {
		PrivateMariaDb mariaDb = PrivateMariaDb.shared();

		assertThatExceptionOfType(SQLException.class)
			.isThrownBy(() -> DriverManager.getConnection(mariaDb.jdbcUrl(), mariaDb.user(), "wrong").close())
			.satisfies((ex) -> assertThat(ex.getSQLState()).isEqualTo("28000"))
			.withMessageContaining("Access denied");
	}

	@Test
	void answersThroughAFaultProxy() throws SQLException {
		PrivateMariaDb mariaDb = PrivateMariaDb.shared();
		try (FaultProxy proxy = FaultProxy.to("127.0.0.1", mariaDb.port());
				Connection connection = DriverManager.getConnection(
						"jdbc:mariadb://127.0.0.1:" + proxy.port() + "/test", mariaDb.user(), mariaDb.password())) {
			assertThat(query(connection, "select 1")).isEqualTo("1");
		}
	}

	@Test
	void closeStopsTheServerAndDeletesItsDirectory() throws SQLException {
		PrivateMariaDb mariaDb = PrivateMariaDb.start();
		Path directory = mariaDb.directory();
		int port = mariaDb.port();
		try (Connection connection = DriverManager.getConnection(mariaDb.jdbcUrl(), mariaDb.user(),
				mariaDb.password())) {
			assertThat(query(connection, "select 1")).isEqualTo("1");
		}

		mariaDb.close();

		assertThat(ServerProcess.accepts(port)).isFalse();
		assertThat(Files.exists(directory)).isFalse();
	}

	private static String query(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			assertThat(result.next()).isTrue();
			return result.getString(1);
		}
	}

}
