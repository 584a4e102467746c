package io.github.resilientdb.health;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;

/**
 * The state of a datastore's circuit breaker when it was last probed.
 *
 * @param state the breaker's state
 * @param failureRate the failure rate in percent, or -1 while the breaker has seen too few calls to compute it
 */
public record BreakerState(CircuitBreaker.State state, float failureRate) {

	/**
	 * The state of a circuit breaker now.
	 * @param breaker the circuit breaker
	 * @return its state
	 */
	public static BreakerState of(CircuitBreaker breaker) {
		return new BreakerState(breaker.getState(), breaker.getMetrics().getFailureRate());
	}

	/**
	 * Whether the breaker holds back some or all calls (open, half-open or forced open).
	 * @return whether the breaker is not letting every call through
	 */
	public boolean isRestricting() {
		return this.state == CircuitBreaker.State.OPEN || this.state == CircuitBreaker.State.HALF_OPEN
				|| this.state == CircuitBreaker.State.FORCED_OPEN;
	}

}
