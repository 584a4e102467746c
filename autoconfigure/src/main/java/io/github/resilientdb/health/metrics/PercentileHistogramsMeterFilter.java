package io.github.resilientdb.health.metrics;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.jspecify.annotations.Nullable;

/**
 * Turns on percentile histograms for resilient-db's timers ({@code resilientdb.*}, such as {@code resilientdb.calls}
 * and {@code resilientdb.datastore.probe}), unless a filter applied earlier (such as Spring Boot's
 * {@code management.metrics.distribution.percentiles-histogram.*}) already decided for the meter.
 */
public final class PercentileHistogramsMeterFilter implements MeterFilter {

	static final String PREFIX = "resilientdb.";

	private static final DistributionStatisticConfig HISTOGRAM = DistributionStatisticConfig.builder()
		.percentilesHistogram(true)
		.build();

	@Override
	public @Nullable DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
		if (id.getType() != Meter.Type.TIMER || !id.getName().startsWith(PREFIX)
				|| config.isPercentileHistogram() != null) {
			return config;
		}
		return HISTOGRAM.merge(config);
	}

}
