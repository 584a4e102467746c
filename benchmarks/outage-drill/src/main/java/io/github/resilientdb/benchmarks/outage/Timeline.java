package io.github.resilientdb.benchmarks.outage;

import java.util.List;

/**
 * Everything one scenario recorded. Times are {@link System#nanoTime()} values.
 *
 * @param faultStart when the fault was injected
 * @param faultEnd when it was lifted (the server serves again from here on)
 * @param observedUntil when the drill stopped watching
 * @param calls every call of every caller, warm-up included
 * @param checks every health check, warm-up included
 * @param log what the application logged between {@code faultStart} and {@code faultEnd}
 */
record Timeline(long faultStart, long faultEnd, long observedUntil, List<Call> calls, List<HealthCheck> checks,
		LogCounts log) {

}
