package io.github.resilientdb.engine;

import java.time.Duration;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.DatabaseUnavailableException;
import io.micrometer.core.instrument.Counter;
import org.jspecify.annotations.Nullable;

/**
 * The resilience policy shared by every call to one datastore: its bulkhead, circuit breaker and retry budget (all
 * Resilience4j instances named after the datastore), and its retry counter.
 *
 * @param name the datastore name
 * @param bulkhead the datastore's bulkhead
 * @param circuitBreaker the datastore's circuit breaker
 * @param retryBudget the datastore's retry budget
 * @param retries the {@code resilientdb.retries} counter of the datastore
 */
public record DatastorePolicy(String name, Bulkhead bulkhead, CircuitBreaker circuitBreaker, RetryBudget retryBudget,
		Counter retries) {

	private static final Duration HALF_OPEN_RETRY_AFTER = Duration.ofSeconds(1);

	/**
	 * Whether the breaker currently refuses calls, in which case no retry is attempted.
	 * @return whether the breaker is open
	 */
	boolean isBreakerOpen() {
		CircuitBreaker.State state = this.circuitBreaker.getState();
		return state == CircuitBreaker.State.OPEN || state == CircuitBreaker.State.FORCED_OPEN;
	}

	DatabaseUnavailableException breakerRejection() {
		CircuitBreaker.State state = this.circuitBreaker.getState();
		@Nullable Duration retryAfter = switch (state) {
			case OPEN -> Duration.ofMillis(
					this.circuitBreaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
			case HALF_OPEN -> HALF_OPEN_RETRY_AFTER;
			default -> null;
		};
		return new DatabaseUnavailableException(this.name, "Circuit breaker of datastore '" + this.name + "' is "
				+ state + ": the call was not sent", retryAfter);
	}

	DatabaseUnavailableException bulkheadRejection() {
		return new DatabaseUnavailableException(this.name, "Bulkhead of datastore '" + this.name + "' is full ("
				+ this.bulkhead.getBulkheadConfig().getMaxConcurrentCalls() + " concurrent calls): the call was not sent",
				null);
	}

}
