package io.github.resilientdb.health.autoconfigure;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class StatusOrderTests {

	@Test
	void withDegradedWhenNothingConfiguredShouldPutDegradedBetweenOutOfServiceAndUp() {
		assertThat(StatusOrder.withDegraded(List.of())).containsExactly("DOWN", "OUT_OF_SERVICE", "DEGRADED", "UP",
				"UNKNOWN");
	}

	@Test
	void withDegradedShouldInsertBeforeConfiguredUp() {
		assertThat(StatusOrder.withDegraded(List.of("fatal", "down", "up", "unknown"))).containsExactly("fatal",
				"down", "DEGRADED", "up", "unknown");
	}

	@Test
	void withDegradedWhenAlreadyConfiguredShouldKeepOrder() {
		assertThat(StatusOrder.withDegraded(List.of("DOWN", "UP", "degraded", "UNKNOWN"))).containsExactly("DOWN",
				"UP", "degraded", "UNKNOWN");
	}

	@Test
	void withDegradedWithoutUpShouldAppend() {
		assertThat(StatusOrder.withDegraded(List.of("DOWN", "UNKNOWN"))).containsExactly("DOWN", "UNKNOWN",
				"DEGRADED");
	}

}
