package io.github.resilientdb.health;

import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.boot.health.contributor.AbstractHealthIndicator;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

/**
 * The health of one datastore, read from its latest background check: it never touches the datastore, so it answers
 * at once whatever state the datastore is in.
 */
public final class DatastoreHealthIndicator extends AbstractHealthIndicator {

	/**
	 * The probe succeeds but the datastore is strained: its circuit breaker is not closed, the probe is slow or the
	 * pool is nearly exhausted. Spring Boot maps it to HTTP 200; order it between {@code DOWN} and {@code UP}.
	 */
	public static final Status DEGRADED = new Status("DEGRADED");

	private final DatastoreHealthMonitor monitor;

	private final String datastore;

	/**
	 * Creates an indicator.
	 * @param monitor the monitor probing the datastore
	 * @param datastore the datastore name
	 */
	public DatastoreHealthIndicator(DatastoreHealthMonitor monitor, String datastore) {
		this.monitor = monitor;
		this.datastore = datastore;
	}

	@Override
	protected void doHealthCheck(Health.Builder builder) {
		DatastoreCheck check = this.monitor.latest(this.datastore);
		if (check == null) {
			builder.unknown().withDetail("reason", "not probed yet");
			return;
		}
		builder.status(status(check.status()));
		if (!check.reasons().isEmpty()) {
			builder.withDetail("reasons", check.reasons());
		}
		if (check.breaker() != null) {
			Map<String, Object> breaker = new LinkedHashMap<>();
			breaker.put("state", check.breaker().state().name());
			breaker.put("failureRate", check.breaker().failureRate());
			builder.withDetail("breaker", breaker);
		}
		if (check.pool() != null) {
			builder.withDetail("pool", pool(check.pool()));
		}
		builder.withDetail("latency", check.latency().toMillis());
		builder.withDetail("consecutiveFailures", check.consecutiveFailures());
		if (check.error() != null) {
			builder.withDetail("lastError", check.error());
		}
		builder.withDetail("checkedAt", check.checkedAt().toString());
	}

	private static Map<String, Object> pool(PoolUsage pool) {
		Map<String, Object> details = new LinkedHashMap<>();
		details.put("active", pool.active());
		details.put("idle", pool.idle());
		details.put("pending", pool.pending());
		details.put("max", pool.max());
		if (pool.multiplexed()) {
			details.put("multiplexed", true);
		}
		return details;
	}

	static Status status(DatastoreStatus status) {
		return switch (status) {
			case UP -> Status.UP;
			case DEGRADED -> DEGRADED;
			case DOWN -> Status.DOWN;
			case UNKNOWN -> Status.UNKNOWN;
		};
	}

}
