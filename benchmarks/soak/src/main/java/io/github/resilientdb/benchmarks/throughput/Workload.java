package io.github.resilientdb.benchmarks.throughput;

/**
 * One call of the throughput workload on one store; {@code n} alternates reads (even) and writes (odd) of one of a
 * thousand keys, the same sequence for both variants.
 */
interface Workload {

	void call(long n);

}
