package io.github.resilientdb.engine;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Limits retries to a fraction of recent calls, so that an outage never multiplies the load on a struggling
 * database. A retry is allowed while the retries of the current second are below {@code minRetriesPerSecond}, or
 * while the retries of the last ten seconds are below {@code ratio} times the calls of the same ten seconds.
 * <p>
 * Counts are kept in one-second slots of a ten-second ring; concurrent updates at a second boundary may lose a
 * count, which only makes the budget slightly approximate, never unbounded.
 */
public final class RetryBudget {

	static final int WINDOW_SECONDS = 10;

	private static final long NANOS_PER_SECOND = 1_000_000_000L;

	private final double ratio;

	private final int minRetriesPerSecond;

	private final AtomicLongArray seconds = new AtomicLongArray(WINDOW_SECONDS);

	private final AtomicLongArray calls = new AtomicLongArray(WINDOW_SECONDS);

	private final AtomicLongArray retries = new AtomicLongArray(WINDOW_SECONDS);

	/**
	 * Creates a budget.
	 * @param ratio the fraction [0-1] of calls that may be retried
	 * @param minRetriesPerSecond retries allowed each second regardless of the ratio
	 */
	public RetryBudget(double ratio, int minRetriesPerSecond) {
		this.ratio = ratio;
		this.minRetriesPerSecond = minRetriesPerSecond;
		for (int slot = 0; slot < WINDOW_SECONDS; slot++) {
			this.seconds.set(slot, Long.MIN_VALUE);
		}
	}

	/**
	 * The fraction of calls that may be retried.
	 * @return the ratio, from 0 to 1
	 */
	public double ratio() {
		return this.ratio;
	}

	/**
	 * The retries allowed each second regardless of the ratio.
	 * @return the minimum retries per second
	 */
	public int minRetriesPerSecond() {
		return this.minRetriesPerSecond;
	}

	/**
	 * Records a call (a first attempt).
	 * @param nanoTime the current {@link System#nanoTime()}
	 */
	public void recordCall(long nanoTime) {
		this.calls.incrementAndGet(slot(Math.floorDiv(nanoTime, NANOS_PER_SECOND)));
	}

	/**
	 * Takes one retry from the budget, if there is one left.
	 * @param nanoTime the current {@link System#nanoTime()}
	 * @return whether a retry is allowed
	 */
	public boolean tryAcquireRetry(long nanoTime) {
		long second = Math.floorDiv(nanoTime, NANOS_PER_SECOND);
		int current = slot(second);
		long windowCalls = 0;
		long windowRetries = 0;
		for (int slot = 0; slot < WINDOW_SECONDS; slot++) {
			if (this.seconds.get(slot) > second - WINDOW_SECONDS) {
				windowCalls += this.calls.get(slot);
				windowRetries += this.retries.get(slot);
			}
		}
		if (this.retries.get(current) < this.minRetriesPerSecond || windowRetries < this.ratio * windowCalls) {
			this.retries.incrementAndGet(current);
			return true;
		}
		return false;
	}

	private int slot(long second) {
		int slot = (int) Math.floorMod(second, (long) WINDOW_SECONDS);
		long slotSecond = this.seconds.get(slot);
		if (slotSecond != second && this.seconds.compareAndSet(slot, slotSecond, second)) {
			this.calls.set(slot, 0);
			this.retries.set(slot, 0);
		}
		return slot;
	}

}
