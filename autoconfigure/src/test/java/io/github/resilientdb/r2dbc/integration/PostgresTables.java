package io.github.resilientdb.r2dbc.integration;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

import io.github.resilientdb.test.server.PrivatePostgres;

/**
 * Sets up and reads the R2DBC tests' tables on the shared private PostgreSQL over plain JDBC, beside the application
 * under test and never through the fault proxy.
 */
final class PostgresTables {

	private PostgresTables() {
	}

	static void execute(String sql) throws SQLException {
		try (Connection connection = connection(); Statement statement = connection.createStatement()) {
			statement.execute(sql);
		}
	}

	static long count(String table) throws SQLException {
		try (Connection connection = connection();
				Statement statement = connection.createStatement();
				ResultSet count = statement.executeQuery("SELECT count(*) FROM " + table)) {
			count.next();
			return count.getLong(1);
		}
	}

	/**
	 * The {@code r2dbc:postgresql://} URL of the shared server's {@code test} database on a port.
	 * @param port the server's port, or a fault proxy's in front of it
	 * @return the URL
	 */
	static String r2dbcUrl(int port) {
		return "r2dbc:postgresql://127.0.0.1:" + port + "/test";
	}

	private static Connection connection() throws SQLException {
		PrivatePostgres postgres = PrivatePostgres.shared();
		return DriverManager.getConnection(postgres.jdbcUrl(), postgres.user(), postgres.password());
	}

}
