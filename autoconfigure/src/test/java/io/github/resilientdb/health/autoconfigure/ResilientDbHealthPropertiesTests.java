package io.github.resilientdb.health.autoconfigure;

import java.time.Duration;
import java.util.function.Consumer;

import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;
import io.github.resilientdb.health.ProbeSettings;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.within;

class ResilientDbHealthPropertiesTests {

	@Test
	void defaultsShouldMatchProbeSettingsDefaults() {
		assertThat(new ResilientDbHealthProperties().toSettings()).isEqualTo(ProbeSettings.defaults());
		assertThat(new ResilientDbHealthProperties().isReplaceBootIndicators()).isTrue();
	}

	@Test
	void toSettingsShouldTurnPercentIntoFraction() {
		ResilientDbHealthProperties properties = new ResilientDbHealthProperties();
		properties.setPoolUtilisationThreshold(95);
		assertThat(properties.toSettings().poolUtilisationThreshold()).isCloseTo(0.95, within(1e-6));
	}

	@Test
	void toSettingsShouldRejectNonPositiveDurations() {
		assertInvalid((properties) -> properties.setInterval(Duration.ZERO), "resilientdb.health.interval");
		assertInvalid((properties) -> properties.setUnhealthyInterval(Duration.ofSeconds(-1)),
				"resilientdb.health.unhealthy-interval");
		assertInvalid((properties) -> properties.setTimeout(Duration.ZERO), "resilientdb.health.timeout");
		assertInvalid((properties) -> properties.setLatencyThreshold(Duration.ZERO),
				"resilientdb.health.latency-threshold");
		assertInvalid((properties) -> properties.setWarmUpTimeout(Duration.ZERO),
				"resilientdb.health.warm-up-timeout");
	}

	@Test
	void toSettingsShouldRejectWarmUpShorterThanTimeout() {
		assertInvalid((properties) -> properties.setWarmUpTimeout(Duration.ofMillis(500)),
				"resilientdb.health.warm-up-timeout");
	}

	@Test
	void toSettingsShouldRejectOutOfRangeNumbers() {
		assertInvalid((properties) -> properties.setFailureThreshold(0), "resilientdb.health.failure-threshold");
		assertInvalid((properties) -> properties.setPoolUtilisationThreshold(0),
				"resilientdb.health.pool-utilisation-threshold");
		assertInvalid((properties) -> properties.setPoolUtilisationThreshold(101),
				"resilientdb.health.pool-utilisation-threshold");
		assertInvalid((properties) -> properties.setHistorySize(0), "resilientdb.health.history-size");
	}

	private static void assertInvalid(Consumer<ResilientDbHealthProperties> change,
			String property) {
		ResilientDbHealthProperties properties = new ResilientDbHealthProperties();
		change.accept(properties);
		assertThatExceptionOfType(InvalidResilientDbPropertyException.class).isThrownBy(properties::toSettings)
			.satisfies((ex) -> assertThat(ex.getProperty()).isEqualTo(property));
	}

}
