package io.github.resilientdb.classify;

import io.github.resilientdb.DatabaseUnavailableException;
import io.github.resilientdb.DurabilityException;
import org.jspecify.annotations.Nullable;

import org.springframework.dao.ConcurrencyFailureException;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.NonTransientDataAccessException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.TransientDataAccessException;
import org.springframework.dao.UncategorizedDataAccessException;

/**
 * The last resort for failures no datastore classifier recognised: Spring's {@link DataAccessException} hierarchy,
 * read conservatively (a failure it cannot place is treated as possibly applied, never as safe to repeat).
 */
public final class DataAccessErrorClassifier implements ErrorClassifier {

	@Override
	public @Nullable ErrorCategory classify(Throwable error) {
		if (error instanceof DatabaseUnavailableException) {
			return ErrorCategory.NOT_A_DATABASE_ERROR;
		}
		if (error instanceof DurabilityException) {
			// Raised by resilient-db after the write was applied: repeating it could apply it twice, and missing
			// replicas say nothing about the primary, so the breaker (which guards reads too) does not count it.
			return ErrorCategory.NOT_A_DATABASE_ERROR;
		}
		if (!(error instanceof DataAccessException)) {
			return null;
		}
		if (error instanceof PermissionDeniedDataAccessException) {
			return ErrorCategory.AUTHENTICATION;
		}
		if (error instanceof OptimisticLockingFailureException) {
			return ErrorCategory.BUSINESS;
		}
		if (error instanceof ConcurrencyFailureException) {
			return ErrorCategory.ROLLED_BACK;
		}
		if (error instanceof QueryTimeoutException || error instanceof DataAccessResourceFailureException
				|| error instanceof TransientDataAccessException) {
			return ErrorCategory.MAYBE_APPLIED;
		}
		if (error instanceof UncategorizedDataAccessException) {
			return ErrorCategory.PERMANENT;
		}
		if (error instanceof NonTransientDataAccessException) {
			return ErrorCategory.BUSINESS;
		}
		return ErrorCategory.PERMANENT;
	}

}
