package io.github.resilientdb.jdbc;

import java.sql.SQLException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;

import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassifier;
import io.github.resilientdb.classify.SqlStates;
import io.github.resilientdb.classify.Throwables;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Classifies JDBC failures by SQLState (PostgreSQL and the SQL standard) and by MariaDB/MySQL vendor code (see
 * {@link SqlStates}).
 */
public final class SqlStateErrorClassifier implements ErrorClassifier {

	private static final String HIKARI_ACQUIRE_TIMEOUT = "Connection is not available, request timed out";

	private static final String HIKARI_CLOSED_CONNECTION = "Connection is closed";

	@Override
	public @Nullable ErrorCategory classify(Throwable error) {
		if (isFailedJpaRollback(error)) {
			return ErrorCategory.ROLLED_BACK;
		}
		SQLException sqlException = Throwables.find(error, SQLException.class);
		if (isConnectionAcquisition(error, sqlException)) {
			// Nothing was sent, unless the server refused our credentials: then repeating cannot help.
			String sqlState = (sqlException != null) ? sqlState(sqlException) : null;
			return SqlStates.isInvalidAuthorization(sqlState) ? ErrorCategory.AUTHENTICATION
					: ErrorCategory.NOT_SENT;
		}
		if (sqlException == null) {
			return null;
		}
		ErrorCategory byVendorCode = SqlStates.classifyMySqlVendorCode(sqlException.getErrorCode());
		if (byVendorCode != null) {
			return byVendorCode;
		}
		String sqlState = sqlState(sqlException);
		if (sqlState != null) {
			return SqlStates.classify(sqlState);
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
			if (SqlStates.isSqlState(current.getSQLState())) {
				return current.getSQLState();
			}
		}
		return null;
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
