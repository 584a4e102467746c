package io.github.resilientdb.health.metrics;

import io.github.resilientdb.health.DatastoreCheck;
import io.github.resilientdb.health.DatastoreCheckListener;
import io.github.resilientdb.health.DatastoreHealthMonitor;
import io.github.resilientdb.health.DatastoreStatus;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * The health meters of every probed datastore: the gauge {@code resilientdb.datastore.health} (1 up, 0.5 degraded,
 * 0 down, NaN before the first verdict), read from the monitor when scraped, and the timer
 * {@code resilientdb.datastore.probe} of the probes' latency by outcome. Tags are the datastore name and the outcome
 * only, so the number of series is bounded by the number of datastores.
 */
public final class DatastoreHealthMeters implements DatastoreCheckListener {

	static final String HEALTH = "resilientdb.datastore.health";

	static final String PROBE = "resilientdb.datastore.probe";

	private final MeterRegistry registry;

	/**
	 * Registers the health gauges of the monitor's datastores.
	 * @param monitor the monitor
	 * @param registry the meter registry
	 */
	public DatastoreHealthMeters(DatastoreHealthMonitor monitor, MeterRegistry registry) {
		this.registry = registry;
		for (String datastore : monitor.datastores()) {
			Gauge.builder(HEALTH, monitor, (source) -> gaugeValue(source.latest(datastore)))
				.description("Health of the datastore from its background probe: 1 up, 0.5 degraded, 0 down")
				.tag("datastore", datastore)
				.register(registry);
		}
	}

	@Override
	public void onCheck(@Nullable DatastoreCheck previous, DatastoreCheck check) {
		Timer.builder(PROBE)
			.description("Latency of the background health probes of the datastore")
			.tag("datastore", check.datastore())
			.tag("outcome", check.outcome().tagValue())
			.register(this.registry)
			.record(check.latency());
	}

	private static double gaugeValue(@Nullable DatastoreCheck check) {
		return ((check != null) ? check.status() : DatastoreStatus.UNKNOWN).gaugeValue();
	}

}
