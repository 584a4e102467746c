package io.github.resilientdb.classify;

/**
 * What a failure says about a database call: whether it may be repeated, and whether it is the datastore's fault.
 */
public enum ErrorCategory {

	/**
	 * The operation never reached the server (pool acquire timeout, connection refused, server selection timeout):
	 * repeating it is safe even when it is not idempotent.
	 */
	NOT_SENT(true, true, true),

	/**
	 * The server refused the operation without applying it (a read-only replica, a server starting up or shutting
	 * down, too many connections): repeating it is safe even when it is not idempotent.
	 */
	REJECTED_BY_SERVER(true, true, true),

	/**
	 * The server rolled the transaction back (serialization failure, deadlock, lock wait timeout, a transient
	 * transaction error): repeating the whole transaction is safe. Contention, not unavailability, so the circuit
	 * breaker does not count it.
	 */
	ROLLED_BACK(true, true, false),

	/**
	 * The operation may have been applied (read timeout, connection reset mid-command, backend terminated during a
	 * statement): repeated only when idempotent.
	 */
	MAYBE_APPLIED(true, false, true),

	/**
	 * A business or data error (constraint violation, bad data, bad query): never repeated, never a breaker failure.
	 */
	BUSINESS(false, false, false),

	/**
	 * An authentication or permission failure: never repeated, counted by the circuit breaker.
	 */
	AUTHENTICATION(false, false, true),

	/**
	 * A database failure that is not known to be transient: never repeated, counted by the circuit breaker.
	 */
	PERMANENT(false, false, true),

	/**
	 * Not a database failure at all (application code, a rejection by resilient-db itself): never repeated, never a
	 * breaker failure.
	 */
	NOT_A_DATABASE_ERROR(false, false, false);

	private final boolean retryableWhenIdempotent;

	private final boolean retryableWhenNotIdempotent;

	private final boolean breakerFailure;

	ErrorCategory(boolean retryableWhenIdempotent, boolean retryableWhenNotIdempotent, boolean breakerFailure) {
		this.retryableWhenIdempotent = retryableWhenIdempotent;
		this.retryableWhenNotIdempotent = retryableWhenNotIdempotent;
		this.breakerFailure = breakerFailure;
	}

	/**
	 * Whether an operation that failed this way may be repeated.
	 * @param idempotent whether the operation is idempotent
	 * @return whether a retry is safe
	 */
	public boolean isRetryable(boolean idempotent) {
		return idempotent ? this.retryableWhenIdempotent : this.retryableWhenNotIdempotent;
	}

	/**
	 * Whether the circuit breaker counts this failure against the datastore.
	 * @return whether the failure is the datastore's
	 */
	public boolean isBreakerFailure() {
		return this.breakerFailure;
	}

}
