package io.github.resilientdb.jdbc.durability;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.resilientdb.Durability;
import io.github.resilientdb.jdbc.JdbcDatabase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Makes the current transaction of a connection as durable as a {@link Durability} asks, per database.
 * <p>
 * PostgreSQL: {@code synchronous_commit} for this transaction only ({@code set_config(..., true)}, which is
 * {@code SET LOCAL}): {@code CRITICAL} = {@code remote_apply}, or {@code on} when the server has no synchronous
 * standby (read in the same statement, so never stale); {@code IMPORTANT} = {@code on}; {@code BULK} =
 * {@code local}; {@code FIRE_AND_FORGET} = {@code off}.
 * <p>
 * MariaDB/MySQL have no per-transaction durability: {@code CRITICAL} is refused; {@code IMPORTANT} is honoured only
 * when the server flushes its log at every commit ({@code innodb_flush_log_at_trx_commit = 1}), else refused;
 * {@code BULK} and {@code FIRE_AND_FORGET} run at the server's own, at least as durable, setting. Other databases:
 * {@code CRITICAL} is refused, the other levels run at the database's own setting.
 */
final class TransactionDurability {

	private static final Log logger = LogFactory.getLog(TransactionDurability.class);

	private static final String LEVELS = "array['off', 'local', 'remote_write', 'on', 'remote_apply']";

	private final Map<Durability, String> setStatements = new EnumMap<>(Durability.class);

	private final Map<Durability, String> raiseStatements = new EnumMap<>(Durability.class);

	private final AtomicBoolean warnedNoStandby = new AtomicBoolean();

	TransactionDurability() {
		for (Durability durability : Durability.values()) {
			String value = synchronousCommit(durability);
			if (value != null) {
				this.setStatements.put(durability, "select set_config('synchronous_commit', " + value + ", true)");
				this.raiseStatements.put(durability, "select case when coalesce(array_position(" + LEVELS
						+ ", current_setting('synchronous_commit')), 0) < array_position(" + LEVELS + ", " + value
						+ ") then set_config('synchronous_commit', " + value
						+ ", true) else current_setting('synchronous_commit') end");
			}
		}
	}

	private static @Nullable String synchronousCommit(Durability durability) {
		return switch (durability) {
			case CRITICAL -> "case current_setting('synchronous_standby_names') when '' then 'on' "
					+ "else 'remote_apply' end";
			case IMPORTANT -> "'on'";
			case BULK -> "'local'";
			case FIRE_AND_FORGET -> "'off'";
			case DEFAULT -> null;
		};
	}

	/**
	 * Sets the durability of a transaction that has just begun.
	 * @param connection the transaction's connection
	 * @param durability the durability, not {@link Durability#DEFAULT}
	 * @throws SQLException if the database rejects the setting
	 * @throws UnsupportedDurabilityException if the database cannot honour the durability
	 */
	void apply(Connection connection, Durability durability) throws SQLException {
		run(connection, durability, this.setStatements);
	}

	/**
	 * Raises the durability of a transaction already under way to at least the given one, never lowering it: the
	 * transaction may hold writes of callers that asked for more.
	 * @param connection the transaction's connection
	 * @param durability the durability, not {@link Durability#DEFAULT}
	 * @throws SQLException if the database rejects the setting
	 * @throws UnsupportedDurabilityException if the database cannot honour the durability
	 */
	void raise(Connection connection, Durability durability) throws SQLException {
		run(connection, durability, this.raiseStatements);
	}

	private void run(Connection connection, Durability durability, Map<Durability, String> statements)
			throws SQLException {
		switch (JdbcDatabase.of(connection)) {
			case POSTGRESQL -> setSynchronousCommit(connection, durability, statements.get(durability));
			case MARIADB -> checkMariaDb(connection, durability);
			case OTHER -> {
				if (durability == Durability.CRITICAL) {
					throw new UnsupportedDurabilityException(durability, "Durability CRITICAL cannot be promised on "
							+ connection.getMetaData().getDatabaseProductName() + ": resilient-db knows no way to make "
							+ "a transaction wait for its replicas there. Use IMPORTANT, or PostgreSQL.");
				}
			}
		}
	}

	private void setSynchronousCommit(Connection connection, Durability durability, @Nullable String sql)
			throws SQLException {
		if (sql == null) {
			return;
		}
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery(sql)) {
			result.next();
			if (durability == Durability.CRITICAL && "on".equals(result.getString(1))
					&& this.warnedNoStandby.compareAndSet(false, true)) {
				logger.warn("CRITICAL transactions commit with synchronous_commit=on: the PostgreSQL server has no "
						+ "synchronous standby (synchronous_standby_names is empty), so a CRITICAL write survives "
						+ "a restart of the primary but not its loss");
			}
		}
	}

	private static void checkMariaDb(Connection connection, Durability durability) throws SQLException {
		if (durability == Durability.CRITICAL) {
			throw new UnsupportedDurabilityException(durability, "Durability CRITICAL cannot be promised on "
					+ "MariaDB/MySQL: they have no per-transaction commit durability, and semi-synchronous replication "
					+ "is server-wide and falls back to asynchronous on a timeout. Use IMPORTANT "
					+ "(honoured when the server runs with innodb_flush_log_at_trx_commit=1).");
		}
		if (durability == Durability.IMPORTANT) {
			String flush;
			try (Statement statement = connection.createStatement();
					ResultSet result = statement.executeQuery("select @@global.innodb_flush_log_at_trx_commit")) {
				result.next();
				flush = result.getString(1);
			}
			if (!"1".equals(flush)) {
				throw new UnsupportedDurabilityException(durability, "Durability IMPORTANT cannot be promised on "
						+ "this MariaDB/MySQL server: innodb_flush_log_at_trx_commit is " + flush
						+ ", so a commit may be lost if the server stops; it must be 1.");
			}
		}
	}

}
