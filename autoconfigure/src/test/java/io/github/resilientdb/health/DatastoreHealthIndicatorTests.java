package io.github.resilientdb.health;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.Status;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DatastoreHealthIndicatorTests {

	private static final ProbeSettings SETTINGS = new ProbeSettings(Duration.ofMillis(50), Duration.ofMillis(20),
			Duration.ofSeconds(1), 2, Duration.ofSeconds(1), 0.8, 10);

	private final FakeProbe probe = new FakeProbe("redis");

	private final CircuitBreaker breaker = CircuitBreaker.ofDefaults("cache");

	private final DatastoreHealthMonitor monitor = new DatastoreHealthMonitor(Map.of("cache", this.probe),
			(name) -> this.breaker, SETTINGS, List::of);

	private final DatastoreHealthIndicator indicator = new DatastoreHealthIndicator(this.monitor, "cache");

	@AfterEach
	void stop() {
		this.monitor.stop();
	}

	@Test
	void healthBeforeFirstProbeShouldBeUnknown() {
		Health health = this.indicator.health();
		assertThat(health.getStatus()).isEqualTo(Status.UNKNOWN);
		assertThat(health.getDetails()).containsExactly(Map.entry("reason", "not probed yet"));
	}

	@Test
	void healthWhenUpShouldShowBreakerPoolLatencyAndTime() {
		this.probe.pool(PoolUsage.of(1, 4, 0, 10));
		this.monitor.start();
		Health health = awaitHealth(Status.UP);
		assertThat(health.getDetails()).containsOnlyKeys("breaker", "pool", "latency", "consecutiveFailures",
				"checkedAt");
		assertThat(health.getDetails().get("breaker")).isEqualTo(Map.of("state", "CLOSED", "failureRate", -1.0f));
		assertThat(health.getDetails().get("pool"))
			.isEqualTo(Map.of("active", 1, "idle", 4, "pending", 0, "max", 10));
		assertThat(health.getDetails().get("latency")).isInstanceOf(Long.class);
		assertThat(health.getDetails().get("consecutiveFailures")).isEqualTo(0);
		assertThat((String) health.getDetails().get("checkedAt")).endsWith("Z");
	}

	@Test
	void healthWhenDegradedShouldUseDegradedStatusAndGiveReasons() {
		this.breaker.transitionToForcedOpenState();
		this.monitor.start();
		Health health = awaitHealth(DatastoreHealthIndicator.DEGRADED);
		assertThat(health.getDetails().get("reasons")).isEqualTo(List.of("circuit breaker is FORCED_OPEN"));
	}

	@Test
	void healthWhenDownShouldShowLastErrorAndFailures() {
		this.probe.fail(new SQLException("refused"));
		this.monitor.start();
		Health health = awaitHealth(Status.DOWN);
		assertThat(health.getDetails().get("lastError")).isEqualTo("java.sql.SQLException: refused");
		assertThat((int) health.getDetails().get("consecutiveFailures")).isGreaterThanOrEqualTo(2);
		assertThat(health.getDetails().get("reasons")).asList().singleElement().asString().endsWith("in a row");
	}

	@Test
	void healthOfMultiplexedConnectionShouldSaySo() {
		this.probe.pool(PoolUsage.multiplexedConnection());
		this.monitor.start();
		assertThat(awaitHealth(Status.UP).getDetails().get("pool"))
			.isEqualTo(Map.of("active", 1, "idle", 0, "pending", 0, "max", 1, "multiplexed", true));
	}

	@Test
	void statusShouldMapEveryDatastoreStatus() {
		assertThat(DatastoreHealthIndicator.status(DatastoreStatus.UP)).isEqualTo(Status.UP);
		assertThat(DatastoreHealthIndicator.status(DatastoreStatus.DEGRADED).getCode()).isEqualTo("DEGRADED");
		assertThat(DatastoreHealthIndicator.status(DatastoreStatus.DOWN)).isEqualTo(Status.DOWN);
		assertThat(DatastoreHealthIndicator.status(DatastoreStatus.UNKNOWN)).isEqualTo(Status.UNKNOWN);
	}

	private Health awaitHealth(Status status) {
		await().atMost(Duration.ofSeconds(10)).until(() -> this.indicator.health().getStatus().equals(status));
		return this.indicator.health();
	}

}
