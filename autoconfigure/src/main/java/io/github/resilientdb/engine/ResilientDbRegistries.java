package io.github.resilientdb.engine;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.micrometer.tagged.TaggedBulkheadMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedCircuitBreakerMetrics;
import io.github.resilience4j.micrometer.tagged.TaggedRetryMetrics;
import io.github.resilience4j.retry.RetryRegistry;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The Resilience4j registries holding the datastores' circuit breakers, bulkheads and retries, each instance named
 * after its datastore.
 * <p>
 * resilient-db keeps its own registries rather than adding to the application's Resilience4j registry beans: an
 * instance added to those gets an event buffer for Resilience4j's actuator event endpoints, which turns on event
 * publication for every call (about 230 ns and 500 bytes per call, three events each with its own timestamp). The
 * instances here publish no per-call events unless a meter binder asks for them, and Resilience4j's own Micrometer
 * binders expose them under the usual {@code resilience4j.*} names.
 *
 * @param circuitBreakers the circuit breakers, one per datastore
 * @param bulkheads the bulkheads, one per datastore
 * @param retries the retries, one per datastore and retry policy in use
 */
public record ResilientDbRegistries(CircuitBreakerRegistry circuitBreakers, BulkheadRegistry bulkheads,
		RetryRegistry retries) {

	/**
	 * Creates empty registries.
	 * @return the registries
	 */
	public static ResilientDbRegistries create() {
		return new ResilientDbRegistries(CircuitBreakerRegistry.ofDefaults(), BulkheadRegistry.ofDefaults(),
				RetryRegistry.ofDefaults());
	}

	/**
	 * Binds Resilience4j's meters for every instance, present and future. The bulkhead and retry meters, and the
	 * circuit breaker's state, rate and buffer gauges, are read when scraped; Resilience4j's circuit breaker call
	 * timers are fed by an event on every call, so they are bound only on request.
	 * @param meterRegistry the meter registry
	 * @param breakerCallTimers whether to bind Resilience4j's own circuit breaker binder, call timers included
	 */
	public void bindTo(MeterRegistry meterRegistry, boolean breakerCallTimers) {
		TaggedBulkheadMetrics.ofBulkheadRegistry(this.bulkheads).bindTo(meterRegistry);
		TaggedRetryMetrics.ofRetryRegistry(this.retries).bindTo(meterRegistry);
		if (breakerCallTimers) {
			TaggedCircuitBreakerMetrics.ofCircuitBreakerRegistry(this.circuitBreakers).bindTo(meterRegistry);
		}
		else {
			CircuitBreakerGauges.bind(this.circuitBreakers, meterRegistry);
		}
	}

}
