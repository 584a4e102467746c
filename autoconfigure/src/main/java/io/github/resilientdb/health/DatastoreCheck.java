package io.github.resilientdb.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The result of one background probe of a datastore, and the datastore's health it led to.
 *
 * @param datastore the datastore name
 * @param status the datastore's health after this probe
 * @param outcome how the probe ended
 * @param checkedAt when the probe ended
 * @param latency how long the probe took (up to its timeout)
 * @param consecutiveFailures failed probes in a row, this one included; 0 after a success
 * @param error the probe's error message with any credentials removed, or {@code null} after a success
 * @param breaker the datastore's circuit breaker, or {@code null} if it has none
 * @param pool the client's connection pool, or {@code null} if it is not known
 * @param reasons why the status is not {@link DatastoreStatus#UP}, empty when it is
 */
public record DatastoreCheck(String datastore, DatastoreStatus status, ProbeOutcome outcome, Instant checkedAt,
		Duration latency, int consecutiveFailures, @Nullable String error, @Nullable BreakerState breaker,
		@Nullable PoolUsage pool, List<String> reasons) {

	public DatastoreCheck {
		reasons = List.copyOf(reasons);
	}

}
