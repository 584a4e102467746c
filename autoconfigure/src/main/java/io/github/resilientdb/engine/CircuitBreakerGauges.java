package io.github.resilientdb.engine;

import java.util.Locale;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Resilience4j's circuit breaker gauges under their usual names ({@code resilience4j.circuitbreaker.state},
 * {@code .failure.rate}, {@code .slow.call.rate}, {@code .buffered.calls}), read when scraped; rejected calls are
 * counted by {@code resilientdb.calls{outcome="rejected"}}. Resilience4j's own binder registers the same gauges
 * but also call timers fed by an event on every call; this binder is used instead when those timers are not wanted,
 * since {@code resilientdb.calls} times every call.
 */
final class CircuitBreakerGauges {

	private static final String PREFIX = "resilience4j.circuitbreaker.";

	private CircuitBreakerGauges() {
	}

	static void bind(CircuitBreakerRegistry registry, MeterRegistry meterRegistry) {
		registry.getAllCircuitBreakers().forEach((breaker) -> bind(breaker, meterRegistry));
		registry.getEventPublisher().onEntryAdded((event) -> bind(event.getAddedEntry(), meterRegistry));
	}

	private static void bind(CircuitBreaker breaker, MeterRegistry meterRegistry) {
		String name = breaker.getName();
		for (CircuitBreaker.State state : CircuitBreaker.State.values()) {
			Gauge.builder(PREFIX + "state", breaker, (cb) -> (cb.getState() == state) ? 1 : 0)
				.description("The states of the circuit breaker")
				.tag("name", name)
				.tag("state", state.name().toLowerCase(Locale.ROOT))
				.register(meterRegistry);
		}
		Gauge.builder(PREFIX + "failure.rate", breaker, (cb) -> cb.getMetrics().getFailureRate())
			.description("The failure rate of the circuit breaker")
			.tag("name", name)
			.register(meterRegistry);
		Gauge.builder(PREFIX + "slow.call.rate", breaker, (cb) -> cb.getMetrics().getSlowCallRate())
			.description("The slow call rate of the circuit breaker")
			.tag("name", name)
			.register(meterRegistry);
		Gauge.builder(PREFIX + "buffered.calls", breaker, (cb) -> cb.getMetrics().getNumberOfSuccessfulCalls())
			.description("The number of buffered successful calls stored in the ring buffer")
			.tag("name", name)
			.tag("kind", "successful")
			.register(meterRegistry);
		Gauge.builder(PREFIX + "buffered.calls", breaker, (cb) -> cb.getMetrics().getNumberOfFailedCalls())
			.description("The number of buffered failed calls stored in the ring buffer")
			.tag("name", name)
			.tag("kind", "failed")
			.register(meterRegistry);
	}

}
