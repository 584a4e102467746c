package io.github.resilientdb.health.metrics;

import java.time.Duration;

import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.DistributionStatisticConfig;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PercentileHistogramsMeterFilterTests {

	private final PercentileHistogramsMeterFilter filter = new PercentileHistogramsMeterFilter();

	@Test
	void resilientDbTimersShouldPublishHistograms() {
		DistributionStatisticConfig config = this.filter.configure(timer("resilientdb.calls"),
				DistributionStatisticConfig.NONE);
		assertThat(config.isPercentileHistogram()).isTrue();
	}

	@Test
	void otherMetersShouldBeLeftAlone() {
		assertThat(this.filter.configure(timer("http.server.requests"), DistributionStatisticConfig.NONE))
			.isSameAs(DistributionStatisticConfig.NONE);
		Meter.Id summary = new Meter.Id("resilientdb.sizes", Tags.empty(), null, null, Meter.Type.DISTRIBUTION_SUMMARY);
		assertThat(this.filter.configure(summary, DistributionStatisticConfig.NONE))
			.isSameAs(DistributionStatisticConfig.NONE);
	}

	@Test
	void explicitChoiceShouldWin() {
		DistributionStatisticConfig off = DistributionStatisticConfig.builder().percentilesHistogram(false).build();
		assertThat(this.filter.configure(timer("resilientdb.calls"), off).isPercentileHistogram()).isFalse();
	}

	@Test
	void prometheusShouldScrapeBucketsOfResilientDbTimersOnly() {
		PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
		registry.config().meterFilter(this.filter);
		Timer.builder("resilientdb.calls").tag("datastore", "jdbc").register(registry).record(Duration.ofMillis(3));
		Timer.builder("other.calls").register(registry).record(Duration.ofMillis(3));
		String scrape = registry.scrape();
		assertThat(scrape).contains("resilientdb_calls_seconds_bucket{datastore=\"jdbc\"")
			.doesNotContain("other_calls_seconds_bucket");
	}

	private static Meter.Id timer(String name) {
		return new Meter.Id(name, Tags.empty(), null, null, Meter.Type.TIMER);
	}

}
