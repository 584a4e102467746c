package io.github.resilientdb.health;

import java.util.Locale;

/**
 * How a single probe ended.
 */
public enum ProbeOutcome {

	/**
	 * The datastore answered.
	 */
	SUCCESS,

	/**
	 * The probe failed with an error.
	 */
	FAILURE,

	/**
	 * The probe was abandoned after its timeout, or could not start because the previous one was still running.
	 */
	TIMEOUT;

	/**
	 * The value of the {@code outcome} tag of the probe timer.
	 * @return the lower-case name
	 */
	public String tagValue() {
		return name().toLowerCase(Locale.ROOT);
	}

}
