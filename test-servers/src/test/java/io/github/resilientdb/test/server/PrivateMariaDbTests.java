package io.github.resilientdb.test.server;

import io.github.resilientdb.test.proxy.FaultProxy;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import static io.github.resilientdb.test.server.JdbcServerChecks.connect;
import static io.github.resilientdb.test.server.JdbcServerChecks.query;
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
		try (Connection connection = connect(mariaDb)) {
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
		JdbcServerChecks.assertAnswersThroughAFaultProxy(PrivateMariaDb.shared());
	}

	@Test
	void closeStopsTheServerAndDeletesItsDirectory() throws SQLException {
		JdbcServerChecks.assertCloseStopsTheServerAndDeletesItsDirectory(PrivateMariaDb.start());
	}

}
