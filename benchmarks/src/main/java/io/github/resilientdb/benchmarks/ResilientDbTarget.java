package io.github.resilientdb.benchmarks;

import io.github.resilientdb.ResilientDb;

/**
 * A bean whose methods run behind {@code @ResilientDb}: bulkhead, circuit breaker, retry and the
 * {@code resilientdb.calls} timer of the {@code jdbc} datastore.
 */
public class ResilientDbTarget {

	/**
	 * Does nothing, so that a call measures the policy alone.
	 */
	@ResilientDb(datastore = "jdbc")
	public void noop() {
	}

	/**
	 * Burns about 20 us of CPU.
	 * @param seed the seed of the hash
	 * @return the hash
	 */
	@ResilientDb(datastore = "jdbc")
	public long work(long seed) {
		return Workload.hash(seed);
	}

}
