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

/**
 * {@link PrivatePostgres} answers real JDBC queries, directly and through a {@link FaultProxy}, and
 * goes away completely when closed.
 */
class PrivatePostgresTests {

	@Test
	void sharedServerAnswersSelectOneInDatabaseTest() throws SQLException {
		PrivatePostgres postgres = PrivatePostgres.shared();

		assertThat(postgres.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/test");
		assertThat(postgres.user()).isEqualTo("postgres");
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(),
				postgres.password())) {
			assertThat(query(connection, "select 1")).isEqualTo("1");
			assertThat(query(connection, "select current_database()")).isEqualTo("test");
			assertThat(query(connection, "show fsync")).isEqualTo("off");
			assertThat(query(connection, "show max_connections")).isEqualTo("50");
			assertThat(query(connection, "show listen_addresses")).isEqualTo("127.0.0.1");
		}
	}

	@Test
	void sharedServerIsStartedOnceAndIgnoresClose() throws SQLException {
		PrivatePostgres postgres = PrivatePostgres.shared();
		postgres.close();

		assertThat(PrivatePostgres.shared()).isSameAs(postgres);
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(),
				postgres.password())) {
			assertThat(query(connection, "select 1")).isEqualTo("1");
		}
	}

	@Test
	void answersThroughAFaultProxy() throws SQLException {
		PrivatePostgres postgres = PrivatePostgres.shared();
		try (FaultProxy proxy = FaultProxy.to("127.0.0.1", postgres.port());
				Connection connection = DriverManager.getConnection(
						"jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test", postgres.user(),
						postgres.password())) {
			assertThat(query(connection, "select 1")).isEqualTo("1");
		}
	}

	@Test
	void closeStopsTheServerAndDeletesItsDirectory() throws SQLException {
		PrivatePostgres postgres = PrivatePostgres.start();
		Path directory = postgres.directory();
		int port = postgres.port();
		try (Connection connection = DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(),
				postgres.password())) {
			assertThat(query(connection, "select 1")).isEqualTo("1");
		}

		postgres.close();

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
