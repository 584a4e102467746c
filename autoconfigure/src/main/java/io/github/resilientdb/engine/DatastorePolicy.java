package io.github.resilientdb.engine;

import java.time.Duration;
import java.util.EnumMap;
import java.util.Map;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.DatabaseUnavailableException;
import io.micrometer.core.instrument.Counter;
import org.jspecify.annotations.Nullable;

/**
 * The resilience policy shared by every call to one datastore: its bulkhead, circuit breaker and retry budget (the
 * Resilience4j instances are named after the datastore), and its retry counter.
 */
public final class DatastorePolicy {

	/**
	 * The deadline of a call when none is configured.
	 */
	public static final Duration DEFAULT_DEADLINE = Duration.ofSeconds(5);

	private static final Duration HALF_OPEN_RETRY_AFTER = Duration.ofSeconds(1);

	private final String name;

	private final Bulkhead bulkhead;

	private final CircuitBreaker circuitBreaker;

	private final RetryBudget retryBudget;

	private final Counter retries;

	private final boolean retryNonAtomicWrites;

	private final Duration deadline;

	private final String bulkheadRejectionMessage;

	private final Map<CircuitBreaker.State, String> breakerRejectionMessages = new EnumMap<>(CircuitBreaker.State.class);

	/**
	 * Creates the policy of a datastore.
	 * @param name the datastore name
	 * @param bulkhead the datastore's bulkhead
	 * @param circuitBreaker the datastore's circuit breaker
	 * @param retryBudget the datastore's retry budget
	 * @param retries the {@code resilientdb.retries} counter of the datastore
	 */
	public DatastorePolicy(String name, Bulkhead bulkhead, CircuitBreaker circuitBreaker, RetryBudget retryBudget,
			Counter retries) {
		this(name, bulkhead, circuitBreaker, retryBudget, retries, false);
	}

	/**
	 * Creates the policy of a datastore.
	 * @param name the datastore name
	 * @param bulkhead the datastore's bulkhead
	 * @param circuitBreaker the datastore's circuit breaker
	 * @param retryBudget the datastore's retry budget
	 * @param retries the {@code resilientdb.retries} counter of the datastore
	 * @param retryNonAtomicWrites whether a not-idempotent method that is not atomic is retried after a failure
	 * proving its failing operation was not applied (safe only for methods that send a single operation)
	 */
	public DatastorePolicy(String name, Bulkhead bulkhead, CircuitBreaker circuitBreaker, RetryBudget retryBudget,
			Counter retries, boolean retryNonAtomicWrites) {
		this(name, bulkhead, circuitBreaker, retryBudget, retries, retryNonAtomicWrites, DEFAULT_DEADLINE);
	}

	/**
	 * Creates the policy of a datastore.
	 * @param name the datastore name
	 * @param bulkhead the datastore's bulkhead
	 * @param circuitBreaker the datastore's circuit breaker
	 * @param retryBudget the datastore's retry budget
	 * @param retries the {@code resilientdb.retries} counter of the datastore
	 * @param retryNonAtomicWrites whether a not-idempotent method that is not atomic is retried after a failure
	 * proving its failing operation was not applied (safe only for methods that send a single operation)
	 * @param deadline the time budget of one call, retries and backoff included
	 */
	public DatastorePolicy(String name, Bulkhead bulkhead, CircuitBreaker circuitBreaker, RetryBudget retryBudget,
			Counter retries, boolean retryNonAtomicWrites, Duration deadline) {
		this.deadline = deadline;
		this.retryNonAtomicWrites = retryNonAtomicWrites;
		this.name = name;
		this.bulkhead = bulkhead;
		this.circuitBreaker = circuitBreaker;
		this.retryBudget = retryBudget;
		this.retries = retries;
		this.bulkheadRejectionMessage = "Bulkhead of datastore '" + name + "' is full ("
				+ bulkhead.getBulkheadConfig().getMaxConcurrentCalls() + " concurrent calls): the call was not sent";
		for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
			this.breakerRejectionMessages.put(state,
					"Circuit breaker of datastore '" + name + "' is " + state + ": the call was not sent");
		}
	}

	/**
	 * The datastore name.
	 * @return the name
	 */
	public String name() {
		return this.name;
	}

	/**
	 * The time budget of one call, retries and backoff included.
	 * @return the deadline
	 */
	public Duration deadline() {
		return this.deadline;
	}

	/**
	 * The datastore's bulkhead.
	 * @return the bulkhead
	 */
	public Bulkhead bulkhead() {
		return this.bulkhead;
	}

	/**
	 * The datastore's circuit breaker.
	 * @return the circuit breaker
	 */
	public CircuitBreaker circuitBreaker() {
		return this.circuitBreaker;
	}

	/**
	 * The datastore's retry budget.
	 * @return the retry budget
	 */
	public RetryBudget retryBudget() {
		return this.retryBudget;
	}

	/**
	 * The datastore's {@code resilientdb.retries} counter.
	 * @return the counter
	 */
	public Counter retries() {
		return this.retries;
	}

	/**
	 * Whether a not-idempotent method that is not atomic is retried after a failure proving its failing operation
	 * was not applied.
	 * @return whether such methods are treated as sending a single operation
	 */
	public boolean retryNonAtomicWrites() {
		return this.retryNonAtomicWrites;
	}

	/**
	 * Whether the breaker ends a call's retries after a failure: it refuses calls already, or recording this failure
	 * opens it on its own (a decisive connection failure, see {@link ConnectionFailureTransition}). A retry then only
	 * makes the caller wait another pool wait or connect timeout for the verdict the breaker gives anyway.
	 * @param failure the failure of the call's last attempt
	 * @return whether no retry is attempted
	 */
	boolean endsRetries(Throwable failure) {
		return isBreakerOpen() || (this.circuitBreaker.getCircuitBreakerConfig()
			.getTransitionOnResult() instanceof ConnectionFailureTransition transition && transition.isDecisive(failure));
	}

	/**
	 * Whether the breaker currently refuses calls, in which case no retry is attempted.
	 * @return whether the breaker is open
	 */
	private boolean isBreakerOpen() {
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
		return new DatabaseUnavailableException(this.name, this.breakerRejectionMessages.get(state), retryAfter);
	}

	DatabaseUnavailableException bulkheadRejection() {
		return new DatabaseUnavailableException(this.name, this.bulkheadRejectionMessage, null);
	}

	@Override
	public String toString() {
		return "DatastorePolicy[" + this.name + "]";
	}

}
