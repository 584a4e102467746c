package io.github.resilientdb.benchmarks;

/**
 * The CPU-bound body of the benchmarked methods: a chain of 64-bit mixing steps, each depending on the last, so the
 * JIT can neither skip nor parallelize it. About 20 microseconds on the 2-core machines the project runs on.
 */
final class Workload {

	/** Mixing steps per call; calibrated so that a direct call costs about 20 us. */
	static final int ROUNDS = 6_000;

	private Workload() {
	}

	/**
	 * Hashes a seed through {@link #ROUNDS} mixing steps (the finalizer of SplitMix64).
	 * @param seed the seed
	 * @return the hash, to be consumed by the caller
	 */
	static long hash(long seed) {
		long h = seed;
		for (int round = 0; round < ROUNDS; round++) {
			h += 0x9E3779B97F4A7C15L;
			h = (h ^ (h >>> 30)) * 0xBF58476D1CE4E5B9L;
			h = (h ^ (h >>> 27)) * 0x94D049BB133111EBL;
			h ^= h >>> 31;
		}
		return h;
	}

}
