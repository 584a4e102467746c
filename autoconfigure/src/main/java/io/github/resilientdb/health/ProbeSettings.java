package io.github.resilientdb.health;

import java.time.Duration;

/**
 * How the datastores are probed and how a probe's result becomes a health status.
 *
 * @param interval time between two probes of a datastore that is up
 * @param unhealthyInterval time between two probes of a datastore that is not up or whose last probe failed
 * @param timeout time after which a probe is abandoned and counted as failed
 * @param failureThreshold failed probes in a row after which a datastore is down
 * @param latencyThreshold probe latency above which a datastore is degraded
 * @param poolUtilisationThreshold share of the pool's connections in use (0-1] above which a datastore is degraded
 * @param historySize number of recent checks kept per datastore
 */
public record ProbeSettings(Duration interval, Duration unhealthyInterval, Duration timeout, int failureThreshold,
		Duration latencyThreshold, double poolUtilisationThreshold, int historySize) {

	/**
	 * The defaults: every 10 s, every 2 s while unhealthy, a 2 s timeout, down after 3 failures, degraded above
	 * 500 ms or 80 % of the pool, the last 100 checks kept.
	 * @return the default settings
	 */
	public static ProbeSettings defaults() {
		return new ProbeSettings(Duration.ofSeconds(10), Duration.ofSeconds(2), Duration.ofSeconds(2), 3,
				Duration.ofMillis(500), 0.8, 100);
	}

}
