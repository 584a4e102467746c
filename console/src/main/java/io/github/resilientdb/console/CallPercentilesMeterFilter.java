package io.github.resilientdb.console;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.config.MeterFilter;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import org.jspecify.annotations.Nullable;

/**
 * Has Micrometer keep the median, 95th and 99th percentile of the {@code resilientdb.calls} timers, which the console
 * shows by datastore and outcome. Percentiles the application configures itself are kept.
 */
public final class CallPercentilesMeterFilter implements MeterFilter {

	private static final double[] PERCENTILES = { 0.5, 0.95, 0.99 };

	@Override
	public @Nullable DistributionStatisticConfig configure(Meter.Id id, DistributionStatisticConfig config) {
		if (!ConsoleStateReader.CALLS.equals(id.getName()) || config.getPercentiles() != null) {
			return config;
		}
		return DistributionStatisticConfig.builder().percentiles(PERCENTILES).build().merge(config);
	}

}
