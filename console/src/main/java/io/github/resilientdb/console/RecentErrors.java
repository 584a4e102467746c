package io.github.resilientdb.console;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.event.CircuitBreakerOnErrorEvent;
import io.github.resilientdb.console.ConsoleState.CallError;
import io.github.resilientdb.health.CredentialSanitizer;

/**
 * The last errors a datastore's circuit breaker recorded, newest first, with credentials removed from their messages
 * and each message cut to a readable length.
 */
final class RecentErrors {

	private static final int MAX_MESSAGE = 300;

	private final Deque<CallError> errors = new ArrayDeque<>();

	private final int capacity;

	private final CredentialSanitizer sanitizer;

	RecentErrors(CircuitBreaker breaker, int capacity, CredentialSanitizer sanitizer) {
		this.capacity = capacity;
		this.sanitizer = sanitizer;
		breaker.getEventPublisher().onError(this::record);
	}

	private void record(CircuitBreakerOnErrorEvent event) {
		Throwable error = event.getThrowable();
		String message = this.sanitizer.sanitize(error.getMessage());
		if (message != null && message.length() > MAX_MESSAGE) {
			message = message.substring(0, MAX_MESSAGE) + "…";
		}
		CallError callError = new CallError(event.getCreationTime().toInstant().toString(),
				error.getClass().getName(), message);
		synchronized (this.errors) {
			this.errors.addFirst(callError);
			while (this.errors.size() > this.capacity) {
				this.errors.removeLast();
			}
		}
	}

	List<CallError> newestFirst() {
		synchronized (this.errors) {
			return new ArrayList<>(this.errors);
		}
	}

}
