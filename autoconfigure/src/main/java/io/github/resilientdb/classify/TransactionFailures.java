package io.github.resilientdb.classify;

import org.springframework.transaction.TransactionSystemException;

/**
 * Finds the failure behind a failed rollback or commit: when Spring's transaction infrastructure cannot roll back
 * after the method failed (the connection was dropped, so {@code JDBC rollback failed} or JPA's {@code Unable to
 * rollback}), it throws a {@link TransactionSystemException} carrying the method's own failure, which says what
 * happened to the call; otherwise the rollback's or commit's own failure does.
 */
final class TransactionFailures {

	private TransactionFailures() {
	}

	/**
	 * The failure to classify in place of the given one.
	 * @param error a failure
	 * @return the method's failure behind a failed rollback, the cause of a failed commit or rollback, or the
	 * failure itself
	 */
	static Throwable cause(Throwable error) {
		if (!(error instanceof TransactionSystemException transaction)) {
			return error;
		}
		Throwable application = transaction.getApplicationException();
		if (application != null) {
			return application;
		}
		Throwable original = transaction.getOriginalException();
		return (original != null) ? original : error;
	}

}
