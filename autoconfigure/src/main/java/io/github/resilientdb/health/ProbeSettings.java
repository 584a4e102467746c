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
 * @param warmUpTimeout time after which the first probe of a datastore, which opens the client's first
 * connections, is abandoned; its latency never makes a datastore degraded
 * @param moveBreaker whether the probes' verdict moves the datastore's circuit breaker (see {@link BreakerLink})
 */
public record ProbeSettings(Duration interval, Duration unhealthyInterval, Duration timeout, int failureThreshold,
		Duration latencyThreshold, double poolUtilisationThreshold, int historySize, Duration warmUpTimeout,
		boolean moveBreaker) {

	/**
	 * Settings without warm-up (the first probe has the normal timeout) whose verdict leaves the circuit breaker
	 * alone.
	 * @param interval time between two probes of a datastore that is up
	 * @param unhealthyInterval time between two probes of a datastore that is not up or whose last probe failed
	 * @param timeout time after which a probe is abandoned and counted as failed
	 * @param failureThreshold failed probes in a row after which a datastore is down
	 * @param latencyThreshold probe latency above which a datastore is degraded
	 * @param poolUtilisationThreshold share of the pool's connections in use (0-1] above which a datastore is
	 * degraded
	 * @param historySize number of recent checks kept per datastore
	 */
	public ProbeSettings(Duration interval, Duration unhealthyInterval, Duration timeout, int failureThreshold,
			Duration latencyThreshold, double poolUtilisationThreshold, int historySize) {
		this(interval, unhealthyInterval, timeout, failureThreshold, latencyThreshold, poolUtilisationThreshold,
				historySize, timeout, false);
	}

	/**
	 * The defaults: every second, a 1 s timeout (10 s for the first probe), down after 2 failures in a row, which
	 * also open the circuit breaker, degraded above 500 ms or 80 % of the pool, the last 300 checks kept.
	 * @return the default settings
	 */
	public static ProbeSettings defaults() {
		return new ProbeSettings(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1), 2,
				Duration.ofMillis(500), 0.8, 300, Duration.ofSeconds(10), true);
	}

}
