package io.github.resilientdb.health;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PoolUsageTests {

	@Test
	void utilisationShouldBeActiveOverMax() {
		assertThat(PoolUsage.of(8, 2, 0, 10).utilisation()).isEqualTo(0.8);
	}

	@Test
	void utilisationOfUnboundedPoolShouldBeZero() {
		assertThat(PoolUsage.of(8, 2, 0, 0).utilisation()).isZero();
	}

	@Test
	void utilisationOfMultiplexedConnectionShouldBeZero() {
		PoolUsage usage = PoolUsage.multiplexedConnection();
		assertThat(usage.active()).isEqualTo(1);
		assertThat(usage.max()).isEqualTo(1);
		assertThat(usage.utilisation()).isZero();
	}

}
