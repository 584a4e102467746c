package io.github.resilientdb.jdbc;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;

import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassifier;
import io.github.resilientdb.classify.Throwables;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Classifies JDBC failures by SQLState (PostgreSQL and the SQL standard) and by MariaDB/MySQL vendor code.
 */
public final class SqlStateErrorClassifier implements ErrorClassifier {

	private static final String HIKARI_ACQUIRE_TIMEOUT = "Connection is not available, request timed out";

	private static final String HIKARI_CLOSED_CONNECTION = "Connection is closed";

	private static final int MYSQL_DEADLOCK = 1213;

	private static final int MYSQL_LOCK_WAIT_TIMEOUT = 1205;

	private static final int MYSQL_READ_ONLY = 1290;

	private static final int MYSQL_READ_ONLY_TRANSACTION = 1792;

	private static final int MYSQL_TOO_MANY_CONNECTIONS = 1040;

	private static final int MYSQL_ACCESS_DENIED = 1045;

	private static final int MYSQL_DB_ACCESS_DENIED = 1044;

	private static final int MYSQL_TABLE_ACCESS_DENIED = 1142;

	private static final int MYSQL_COLUMN_ACCESS_DENIED = 1143;

	@Override
	public @Nullable ErrorCategory classify(Throwable error) {
		if (isFailedJpaRollback(error)) {
			return ErrorCategory.ROLLED_BACK;
		}
		SQLException sqlException = Throwables.find(error, SQLException.class);
		if (isConnectionAcquisition(error, sqlException)) {
			// Nothing was sent, unless the server refused our credentials: then repeating cannot help.
			String sqlState = (sqlException != null) ? sqlState(sqlException) : null;
			return (sqlState != null && sqlState.startsWith("28")) ? ErrorCategory.AUTHENTICATION
					: ErrorCategory.NOT_SENT;
		}
		if (sqlException == null) {
			return null;
		}
		ErrorCategory byVendorCode = classifyMySqlVendorCode(sqlException.getErrorCode());
		if (byVendorCode != null) {
			return byVendorCode;
		}
		String sqlState = sqlState(sqlException);
		if (sqlState != null) {
			return classifySqlState(sqlState);
		}
		return classifyByType(sqlException);
	}

	private static boolean isConnectionAcquisition(Throwable error, @Nullable SQLException sqlException) {
		if (Throwables.find(error, CannotGetJdbcConnectionException.class) != null
				|| Throwables.find(error, CannotCreateTransactionException.class) != null) {
			return true;
		}
		// HikariCP's acquire timeout. Drivers use the same exception type for other errors, so the message decides.
		return sqlException instanceof SQLTransientConnectionException
				&& String.valueOf(sqlException.getMessage()).contains(HIKARI_ACQUIRE_TIMEOUT);
	}

	private static @Nullable String sqlState(SQLException exception) {
		for (SQLException current = exception; current != null; current = current.getNextException()) {
			if (current.getSQLState() != null && current.getSQLState().length() == 5) {
				return current.getSQLState();
			}
		}
		return null;
	}

	private static @Nullable ErrorCategory classifyMySqlVendorCode(int code) {
		return switch (code) {
			case MYSQL_DEADLOCK, MYSQL_LOCK_WAIT_TIMEOUT -> ErrorCategory.ROLLED_BACK;
			case MYSQL_READ_ONLY, MYSQL_READ_ONLY_TRANSACTION, MYSQL_TOO_MANY_CONNECTIONS ->
				ErrorCategory.REJECTED_BY_SERVER;
			case MYSQL_ACCESS_DENIED, MYSQL_DB_ACCESS_DENIED, MYSQL_TABLE_ACCESS_DENIED, MYSQL_COLUMN_ACCESS_DENIED ->
				ErrorCategory.AUTHENTICATION;
			default -> null;
		};
	}

	static ErrorCategory classifySqlState(String sqlState) {
		switch (sqlState) {
			case "08001", "08004", "57P03", "53300":
				return (sqlState.startsWith("08")) ? ErrorCategory.NOT_SENT : ErrorCategory.REJECTED_BY_SERVER;
			case "40001", "40P01", "55P03", "57014":
				return ErrorCategory.ROLLED_BACK;
			case "40002":
				return ErrorCategory.BUSINESS;
			case "25006":
				return ErrorCategory.REJECTED_BY_SERVER;
			case "42501":
				return ErrorCategory.AUTHENTICATION;
			default:
				break;
		}
		return switch (sqlState.substring(0, 2)) {
			case "08", "57", "70", "40" -> ErrorCategory.MAYBE_APPLIED;
			case "28" -> ErrorCategory.AUTHENTICATION;
			case "21", "22", "23", "27", "42", "44", "0A", "2B", "2D", "3D", "3F", "25" -> ErrorCategory.BUSINESS;
			default -> ErrorCategory.PERMANENT;
		};
	}

	private static ErrorCategory classifyByType(SQLException exception) {
		if (exception.getClass() == SQLException.class && HIKARI_CLOSED_CONNECTION.equals(exception.getMessage())) {
			// HikariCP closed the connection after the driver reported it broken: the call never reached a driver,
			// the connection is lost, and a new one from the pool may well work.
			return ErrorCategory.NOT_SENT;
		}
		if (exception instanceof SQLTransactionRollbackException) {
			return ErrorCategory.ROLLED_BACK;
		}
		if (exception instanceof SQLTransientConnectionException) {
			return ErrorCategory.NOT_SENT;
		}
		if (exception instanceof SQLTimeoutException || exception instanceof SQLRecoverableException) {
			return ErrorCategory.MAYBE_APPLIED;
		}
		return ErrorCategory.PERMANENT;
	}

	/**
	 * Whether JPA could not roll back because the connection was lost (Hibernate's {@code Unable to rollback against
	 * JDBC Connection}; Spring only logs the method's own failure then): nothing of the transaction was committed,
	 * and the server rolls it back with the lost session.
	 */
	private static boolean isFailedJpaRollback(Throwable error) {
		for (Throwable cause = error; cause != null; cause = cause.getCause()) {
			if (cause.getClass().getName().equals("org.hibernate.TransactionException") && cause.getMessage() != null
					&& cause.getMessage().startsWith("Unable to rollback")) {
				return true;
			}
		}
		return false;
	}

}
