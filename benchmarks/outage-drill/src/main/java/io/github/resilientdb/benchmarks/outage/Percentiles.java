package io.github.resilientdb.benchmarks.outage;

import java.util.Collection;
import java.util.OptionalLong;

/**
 * Percentiles by the nearest-rank method: the smallest value such that at least {@code p} percent of the values are
 * less than or equal to it. No interpolation, so the result is always one of the measured values.
 */
final class Percentiles {

	private Percentiles() {
	}

	/**
	 * The nearest-rank percentile of the given values.
	 * @param values the values, in any order
	 * @param percent the percentile, in (0, 100]
	 * @return the percentile, or empty when there are no values
	 */
	static OptionalLong nearestRank(Collection<Long> values, double percent) {
		if (!(percent > 0 && percent <= 100)) {
			throw new IllegalArgumentException("Percentile must be in (0, 100]: " + percent);
		}
		if (values.isEmpty()) {
			return OptionalLong.empty();
		}
		long[] sorted = values.stream().mapToLong(Long::longValue).sorted().toArray();
		int rank = (int) Math.ceil(percent / 100 * sorted.length);
		return OptionalLong.of(sorted[Math.max(rank, 1) - 1]);
	}

}
