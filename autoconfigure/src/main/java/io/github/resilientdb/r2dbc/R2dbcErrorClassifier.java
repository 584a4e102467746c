package io.github.resilientdb.r2dbc;

import java.net.ConnectException;

import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassifier;
import io.github.resilientdb.classify.SqlStates;
import io.github.resilientdb.classify.Throwables;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.jspecify.annotations.Nullable;

import org.springframework.transaction.CannotCreateTransactionException;

/**
 * Classifies R2DBC failures, as the driver raised them or as Spring translated them ({@code DatabaseClient},
 * {@code R2dbcTransactionManager} and Spring Data R2DBC keep the driver's {@link R2dbcException} as the cause): by
 * SQLState and MariaDB/MySQL vendor code first (see {@link SqlStates}, shared with JDBC), then by the R2DBC
 * exception type. A failure with no {@code R2dbcException} behind it is left to the other classifiers.
 * <p>
 * A connection that could not be obtained (refused, the pool's acquire timeout, Spring's
 * {@code Failed to obtain R2DBC Connection}, a transaction that could not begin) sent nothing of the operation:
 * {@link ErrorCategory#NOT_SENT}, unless the server refused the credentials. A connection lost during a statement
 * (the driver's {@link R2dbcNonTransientResourceException} without a SQLState) may have applied it.
 */
public final class R2dbcErrorClassifier implements ErrorClassifier {

	/**
	 * Spring's message for every failure to get a connection from a {@code ConnectionFactory}
	 * ({@code ConnectionFactoryUtils.getConnection}), which wraps the driver's or the pool's failure.
	 */
	private static final String SPRING_CONNECTION_ACQUISITION = "Failed to obtain R2DBC Connection";

	/**
	 * r2dbc-pool's message when no connection became free within {@code maxAcquireTime}.
	 */
	private static final String POOL_ACQUIRE_TIMEOUT = "Connection acquisition timed out";

	@Override
	public @Nullable ErrorCategory classify(Throwable error) {
		R2dbcException r2dbcException = Throwables.find(error, R2dbcException.class);
		if (r2dbcException == null) {
			return null;
		}
		String sqlState = r2dbcException.getSqlState();
		if (isConnectionAcquisition(error, r2dbcException)) {
			// Nothing was sent, unless the server refused our credentials: then repeating cannot help.
			return SqlStates.isInvalidAuthorization(sqlState) ? ErrorCategory.AUTHENTICATION : ErrorCategory.NOT_SENT;
		}
		ErrorCategory byVendorCode = SqlStates.classifyMySqlVendorCode(r2dbcException.getErrorCode());
		if (byVendorCode != null) {
			return byVendorCode;
		}
		if (SqlStates.isSqlState(sqlState)) {
			return SqlStates.classify(sqlState);
		}
		return classifyByType(r2dbcException);
	}

	private static boolean isConnectionAcquisition(Throwable error, R2dbcException r2dbcException) {
		if (Throwables.find(error, ConnectException.class) != null
				|| Throwables.find(error, CannotCreateTransactionException.class) != null) {
			return true;
		}
		for (Throwable cause = error; cause != null && cause != r2dbcException; cause = cause.getCause()) {
			if (String.valueOf(cause.getMessage()).startsWith(SPRING_CONNECTION_ACQUISITION)) {
				return true;
			}
		}
		return r2dbcException instanceof R2dbcTimeoutException
				&& String.valueOf(r2dbcException.getMessage()).startsWith(POOL_ACQUIRE_TIMEOUT);
	}

	private static ErrorCategory classifyByType(R2dbcException exception) {
		if (exception instanceof R2dbcRollbackException) {
			return ErrorCategory.ROLLED_BACK;
		}
		if (exception instanceof R2dbcDataIntegrityViolationException
				|| exception instanceof R2dbcBadGrammarException) {
			return ErrorCategory.BUSINESS;
		}
		if (exception instanceof R2dbcPermissionDeniedException) {
			return ErrorCategory.AUTHENTICATION;
		}
		// Unlike JDBC's SQLTransientConnectionException, R2DBC's transient resource failure is not tied to opening a
		// connection (r2dbc-postgresql raises it when its request queue is full, with requests possibly sent), so it
		// is retried only when the operation is idempotent, like a timeout or a lost connection.
		if (exception instanceof R2dbcTimeoutException || exception instanceof R2dbcTransientResourceException
				|| exception instanceof R2dbcNonTransientResourceException) {
			return ErrorCategory.MAYBE_APPLIED;
		}
		return ErrorCategory.PERMANENT;
	}

}
