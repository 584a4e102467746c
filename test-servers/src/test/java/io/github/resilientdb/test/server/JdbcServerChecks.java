package io.github.resilientdb.test.server;

import io.github.resilientdb.test.proxy.FaultProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link JdbcServer} must do, checked over real JDBC connections.
 */
final class JdbcServerChecks {

	private JdbcServerChecks() {
	}

	/** Answers {@code select 1} through a {@link FaultProxy} that passes everything. */
	static void assertAnswersThroughAFaultProxy(JdbcServer server) throws SQLException {
		try (FaultProxy proxy = FaultProxy.to("127.0.0.1", server.port())) {
			String url = server.jdbcUrl().replace(":" + server.port() + "/", ":" + proxy.port() + "/");
			assertThat(url).as("through the proxy").contains("127.0.0.1:" + proxy.port() + "/test");
			try (Connection connection = DriverManager.getConnection(url, server.user(), server.password())) {
				assertThat(query(connection, "select 1")).isEqualTo("1");
			}
		}
	}

	/** Answers {@code select 1}, then stops listening and leaves no directory once closed. */
	static <S extends PrivateServer & JdbcServer> void assertCloseStopsTheServerAndDeletesItsDirectory(S server)
			throws SQLException {
		Path directory = server.directory();
		int port = server.port();
		try (Connection connection = connect(server)) {
			assertThat(query(connection, "select 1")).isEqualTo("1");
		}

		server.close();

		assertThat(ServerProcess.accepts(port)).isFalse();
		assertThat(Files.exists(directory)).isFalse();
	}

	static Connection connect(JdbcServer server) throws SQLException {
		return DriverManager.getConnection(server.jdbcUrl(), server.user(), server.password());
	}

	/** The first column of the only row {@code sql} returns. */
	static String query(Connection connection, String sql) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			assertThat(result.next()).isTrue();
			return result.getString(1);
		}
	}

}
