package io.github.resilientdb.benchmarks.soak;

/**
 * One datastore's share of the soak workload, each method a {@code @ResilientDb} call through the fault proxy.
 */
interface SoakStore {

	/** Applies a write that must not be applied twice (an insert, a list push) carrying {@code id}. */
	void writeOnce(String id);

	/** Applies a write that may be repeated safely (an upsert, a set add) carrying {@code id}. */
	void upsert(String id);

	/** Reads whether the idempotent write {@code id} is there. */
	boolean read(String id);

}
