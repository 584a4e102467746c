package io.github.resilientdb.health.autoconfigure.metrics;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of resilient-db's meters, under {@code resilientdb.metrics}.
 */
@ConfigurationProperties("resilientdb.metrics")
public class ResilientDbMetricsProperties {

	/**
	 * Whether resilient-db's timers ({@code resilientdb.calls}, {@code resilientdb.datastore.probe}) publish
	 * percentile histograms, for quantiles aggregated across instances (about 70 more series per timer and tag
	 * combination in Prometheus).
	 */
	private boolean percentileHistograms = false;

	public boolean isPercentileHistograms() {
		return this.percentileHistograms;
	}

	public void setPercentileHistograms(boolean percentileHistograms) {
		this.percentileHistograms = percentileHistograms;
	}

}
