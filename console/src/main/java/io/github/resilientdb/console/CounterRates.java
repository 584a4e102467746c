package io.github.resilientdb.console;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;

/**
 * Rates of monotonic counts over the last few seconds. A sample of every count is kept at most once a second, for
 * ten seconds; a rate is the growth since the oldest sample. Several pages polling at once read the same rates.
 */
final class CounterRates {

	private static final long SAMPLE_EVERY = 1_000_000_000L;

	private static final long KEEP = 10_000_000_000L;

	private final Deque<Sample> samples = new ArrayDeque<>();

	/**
	 * Records the current counts and returns the rate of each, per second.
	 * @param nanoTime the current {@link System#nanoTime()}
	 * @param counts the current counts, by key
	 * @return the rates, by key; 0 until a second sample exists
	 */
	synchronized Map<String, Double> rates(long nanoTime, Map<String, Double> counts) {
		Sample latest = this.samples.peekLast();
		if (latest == null || nanoTime - latest.nanoTime() >= SAMPLE_EVERY) {
			this.samples.addLast(new Sample(nanoTime, Map.copyOf(counts)));
		}
		while (this.samples.size() > 2 && nanoTime - this.samples.peekFirst().nanoTime() > KEEP) {
			this.samples.removeFirst();
		}
		Sample oldest = this.samples.peekFirst();
		double seconds = (nanoTime - oldest.nanoTime()) / 1e9;
		Map<String, Double> rates = new HashMap<>();
		counts.forEach((key, count) -> {
			double before = oldest.counts().getOrDefault(key, 0.0);
			rates.put(key, (seconds < 0.5) ? 0.0 : Math.max(0, count - before) / seconds);
		});
		return rates;
	}

	private record Sample(long nanoTime, Map<String, Double> counts) {

	}

}
