package io.github.resilientdb.benchmarks;

import io.github.resilience4j.bulkhead.annotation.Bulkhead;
import io.github.resilience4j.circuitbreaker.annotation.CircuitBreaker;
import io.github.resilience4j.retry.annotation.Retry;
import io.micrometer.core.annotation.Timed;

/**
 * The same methods as {@link ResilientDbTarget} behind Resilience4j's own annotations and Micrometer's
 * {@code @Timed}, on the very bulkhead, circuit breaker and retry instances {@code @ResilientDb} uses (the
 * {@code jdbc} instances of the Boot-configured registries), nested in the same order.
 */
public class Resilience4jTarget {

	/**
	 * Does nothing, so that a call measures the aspects alone.
	 */
	@Bulkhead(name = "jdbc")
	@CircuitBreaker(name = "jdbc")
	@Retry(name = "jdbc")
	@Timed("benchmark.resilience4j.calls")
	public void noop() {
	}

	/**
	 * Burns about 20 us of CPU.
	 * @param seed the seed of the hash
	 * @return the hash
	 */
	@Bulkhead(name = "jdbc")
	@CircuitBreaker(name = "jdbc")
	@Retry(name = "jdbc")
	@Timed("benchmark.resilience4j.calls")
	public long work(long seed) {
		return Workload.hash(seed);
	}

}
