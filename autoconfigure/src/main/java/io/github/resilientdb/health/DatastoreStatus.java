package io.github.resilientdb.health;

/**
 * The health of a datastore as seen by its background probe.
 */
public enum DatastoreStatus {

	/**
	 * The probe succeeds and nothing is strained.
	 */
	UP(1),

	/**
	 * The probe succeeds, but the circuit breaker is not closed, the probe is slow or the pool is nearly exhausted.
	 */
	DEGRADED(0.5),

	/**
	 * The probe has failed the configured number of times in a row.
	 */
	DOWN(0),

	/**
	 * Not probed successfully yet, nor failed enough to be down.
	 */
	UNKNOWN(Double.NaN);

	private final double gaugeValue;

	DatastoreStatus(double gaugeValue) {
		this.gaugeValue = gaugeValue;
	}

	/**
	 * The value of the {@code resilientdb.datastore.health} gauge: 1 up, 0.5 degraded, 0 down, NaN unknown.
	 * @return the gauge value
	 */
	public double gaugeValue() {
		return this.gaugeValue;
	}

}
