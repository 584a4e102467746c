package io.github.resilientdb.jdbc.integration;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

import org.awaitility.Awaitility;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

/**
 * One JDBC connection of its own, outside the application's pool and outside resilient-db: the administrator
 * preparing tables and roles, or a competing transaction.
 */
final class PlainConnection implements AutoCloseable {

	private static final AtomicLong names = new AtomicLong();

	private final SingleConnectionDataSource dataSource;

	private final JdbcTemplate jdbc;

	private PlainConnection(SingleConnectionDataSource dataSource) {
		this.dataSource = dataSource;
		this.jdbc = new JdbcTemplate(dataSource);
	}

	/**
	 * Opens a connection in auto-commit mode.
	 * @param url the JDBC URL
	 * @param user the user
	 * @param password the password
	 * @return the connection
	 */
	static PlainConnection open(String url, String user, String password) {
		return new PlainConnection(new SingleConnectionDataSource(url, user, password, true));
	}

	/**
	 * Opens a connection whose statements run in one transaction until {@link #commit()} or {@link #rollback()}.
	 * @param url the JDBC URL
	 * @param user the user
	 * @param password the password
	 * @param isolation the JDBC isolation level of the transaction
	 * @return the connection
	 */
	static PlainConnection openTransaction(String url, String user, String password, int isolation) {
		SingleConnectionDataSource dataSource = new SingleConnectionDataSource(url, user, password, true);
		dataSource.setAutoCommit(false);
		PlainConnection connection = new PlainConnection(dataSource);
		connection.run((con) -> con.setTransactionIsolation(isolation));
		return connection;
	}

	/**
	 * A name no other test uses, for a table, a role or a marker.
	 * @param prefix what the name is for
	 * @return the unique name, in lower case
	 */
	static String uniqueName(String prefix) {
		return prefix + "_" + ProcessHandle.current().pid() + "_" + names.incrementAndGet() + "_"
				+ Long.toString(System.nanoTime() % 1_000_000_000L, 36);
	}

	/**
	 * Waits up to ten seconds for a condition.
	 * @param what the condition, for the failure message
	 * @param condition the condition
	 */
	static void await(String what, BooleanSupplier condition) {
		Awaitility.await(what)
			.atMost(Duration.ofSeconds(10))
			.pollInterval(Duration.ofMillis(10))
			.until(condition::getAsBoolean);
	}

	JdbcTemplate jdbc() {
		return this.jdbc;
	}

	void commit() {
		run(Connection::commit);
	}

	void rollback() {
		run(Connection::rollback);
	}

	@Override
	public void close() {
		this.dataSource.destroy();
	}

	private void run(ConnectionAction action) {
		try {
			action.run(this.dataSource.getConnection());
		}
		catch (SQLException ex) {
			throw new AssertionError("A statement of the test's own connection failed: " + ex, ex);
		}
	}

	@FunctionalInterface
	private interface ConnectionAction {

		void run(Connection connection) throws SQLException;

	}

}
