package io.github.resilientdb.health.autoconfigure;

import java.time.Duration;

import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;
import io.github.resilientdb.health.ProbeSettings;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the datastores' health, under {@code resilientdb.health}.
 */
@ConfigurationProperties("resilientdb.health")
public class ResilientDbHealthProperties {

	static final String PREFIX = "resilientdb.health.";

	/**
	 * Time between two probes of a datastore that is UP.
	 */
	private Duration interval = Duration.ofSeconds(1);

	/**
	 * Time between two probes of a datastore that is not UP or whose last probe failed, so that recovery and
	 * failure are both seen quickly.
	 */
	private Duration unhealthyInterval = Duration.ofSeconds(1);

	/**
	 * Time after which a probe is abandoned and counted as failed.
	 */
	private Duration timeout = Duration.ofSeconds(1);

	/**
	 * Time after which the first probe of a datastore, which opens the client's first connections, is abandoned.
	 * Its latency never makes a datastore DEGRADED.
	 */
	private Duration warmUpTimeout = Duration.ofSeconds(10);

	/**
	 * Number of failed probes in a row after which a datastore is DOWN (and its circuit breaker opened, see
	 * move-breaker).
	 */
	private int failureThreshold = 2;

	/**
	 * Probe latency above which a datastore that answers is DEGRADED.
	 */
	private Duration latencyThreshold = Duration.ofMillis(500);

	/**
	 * Share of the pool's connections in use, in percent (0-100], above which a datastore that answers is DEGRADED.
	 */
	private float poolUtilisationThreshold = 80;

	/**
	 * Number of recent checks kept in memory per datastore.
	 */
	private int historySize = 300;

	/**
	 * Whether to remove Spring Boot's own db, mongo and redis health contributors for the datastores resilient-db
	 * probes, which check on the request thread.
	 */
	private boolean replaceBootIndicators = true;

	/**
	 * Whether the probes' verdict moves the datastores' circuit breakers: failure-threshold failed probes open it,
	 * a successful probe closes it again once the outage the probes saw is over.
	 */
	private boolean moveBreaker = true;

	public Duration getInterval() {
		return this.interval;
	}

	public void setInterval(Duration interval) {
		this.interval = interval;
	}

	public Duration getUnhealthyInterval() {
		return this.unhealthyInterval;
	}

	public void setUnhealthyInterval(Duration unhealthyInterval) {
		this.unhealthyInterval = unhealthyInterval;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public int getFailureThreshold() {
		return this.failureThreshold;
	}

	public void setFailureThreshold(int failureThreshold) {
		this.failureThreshold = failureThreshold;
	}

	public Duration getLatencyThreshold() {
		return this.latencyThreshold;
	}

	public void setLatencyThreshold(Duration latencyThreshold) {
		this.latencyThreshold = latencyThreshold;
	}

	public float getPoolUtilisationThreshold() {
		return this.poolUtilisationThreshold;
	}

	public void setPoolUtilisationThreshold(float poolUtilisationThreshold) {
		this.poolUtilisationThreshold = poolUtilisationThreshold;
	}

	public int getHistorySize() {
		return this.historySize;
	}

	public void setHistorySize(int historySize) {
		this.historySize = historySize;
	}

	public Duration getWarmUpTimeout() {
		return this.warmUpTimeout;
	}

	public void setWarmUpTimeout(Duration warmUpTimeout) {
		this.warmUpTimeout = warmUpTimeout;
	}

	public boolean isMoveBreaker() {
		return this.moveBreaker;
	}

	public void setMoveBreaker(boolean moveBreaker) {
		this.moveBreaker = moveBreaker;
	}

	public boolean isReplaceBootIndicators() {
		return this.replaceBootIndicators;
	}

	public void setReplaceBootIndicators(boolean replaceBootIndicators) {
		this.replaceBootIndicators = replaceBootIndicators;
	}

	/**
	 * Validates the properties and turns them into probe settings.
	 * @return the settings
	 * @throws InvalidResilientDbPropertyException if a value cannot be used
	 */
	ProbeSettings toSettings() {
		positive("interval", this.interval);
		positive("unhealthy-interval", this.unhealthyInterval);
		positive("timeout", this.timeout);
		positive("latency-threshold", this.latencyThreshold);
		positive("warm-up-timeout", this.warmUpTimeout);
		if (this.warmUpTimeout.compareTo(this.timeout) < 0) {
			throw new InvalidResilientDbPropertyException(PREFIX + "warm-up-timeout", this.warmUpTimeout,
					"a duration no shorter than " + PREFIX + "timeout (" + this.timeout + ")");
		}
		if (this.failureThreshold < 1) {
			throw new InvalidResilientDbPropertyException(PREFIX + "failure-threshold", this.failureThreshold,
					"a number of at least 1");
		}
		if (!(this.poolUtilisationThreshold > 0 && this.poolUtilisationThreshold <= 100)) {
			throw new InvalidResilientDbPropertyException(PREFIX + "pool-utilisation-threshold",
					this.poolUtilisationThreshold, "a percentage greater than 0 and at most 100");
		}
		if (this.historySize < 1) {
			throw new InvalidResilientDbPropertyException(PREFIX + "history-size", this.historySize,
					"a number of at least 1");
		}
		return new ProbeSettings(this.interval, this.unhealthyInterval, this.timeout, this.failureThreshold,
				this.latencyThreshold, this.poolUtilisationThreshold / 100.0, this.historySize, this.warmUpTimeout,
				this.moveBreaker);
	}

	private static void positive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidResilientDbPropertyException(PREFIX + property, value, "a positive duration");
		}
	}

}
