package io.github.resilientdb;

import java.time.Duration;
import java.util.Optional;

import org.jspecify.annotations.Nullable;
import org.springframework.dao.TransientDataAccessResourceException;

/**
 * Thrown instead of calling a {@link ResilientDb} method when its datastore's circuit breaker is open or its
 * bulkhead is full: the method was not invoked, so nothing reached the database.
 * <p>
 * Carries no stack trace: it is raised on the fast rejection path, where its cause is fully described by its
 * message, and filling in a stack trace would cost more than the rejection itself.
 */
public class DatabaseUnavailableException extends TransientDataAccessResourceException {

	private final String datastore;

	private final @Nullable Duration retryAfter;

	/**
	 * Creates a new instance.
	 * @param datastore the datastore name
	 * @param message the reason the call was rejected
	 * @param retryAfter how long until the datastore may accept calls again, if known
	 */
	public DatabaseUnavailableException(String datastore, String message, @Nullable Duration retryAfter) {
		super(message);
		this.datastore = datastore;
		this.retryAfter = retryAfter;
	}

	/**
	 * The datastore that rejected the call.
	 * @return the datastore name
	 */
	public String getDatastore() {
		return this.datastore;
	}

	/**
	 * How long until the datastore may accept calls again, when known (for an open circuit breaker).
	 * @return the suggested wait before retrying
	 */
	public Optional<Duration> getRetryAfter() {
		return Optional.ofNullable(this.retryAfter);
	}

	@Override
	public synchronized Throwable fillInStackTrace() {
		return this;
	}

}
