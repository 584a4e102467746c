package io.github.resilientdb.health;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DatastoreHealthMonitorTests {

	private static final ProbeSettings FAST = new ProbeSettings(Duration.ofMillis(50), Duration.ofMillis(20),
			Duration.ofMillis(500), 3, Duration.ofMillis(100), 0.8, 5);

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final FakeProbe jdbc = new FakeProbe("jdbc", "hunter2");

	private final CircuitBreaker breaker = CircuitBreaker.ofDefaults("jdbc");

	private final List<DatastoreCheck> heard = new CopyOnWriteArrayList<>();

	private final List<DatastoreStatus> heardPrevious = new CopyOnWriteArrayList<>();

	private DatastoreHealthMonitor monitor = monitor(FAST);

	@AfterEach
	void stop() {
		this.monitor.stop();
		this.jdbc.succeed();
	}

	@Test
	void latestBeforeStartShouldBeNull() {
		assertThat(this.monitor.datastores()).containsExactly("jdbc");
		assertThat(this.monitor.latest("jdbc")).isNull();
		assertThat(this.monitor.history("jdbc")).isEmpty();
		assertThat(this.monitor.latest("nosuch")).isNull();
		assertThat(this.monitor.history("nosuch")).isEmpty();
	}

	@Test
	void startShouldWaitForTheFirstCheck() {
		this.monitor.start();
		assertThat(this.monitor.latest("jdbc")).isNotNull();
		assertThat(this.monitor.isRunning()).isTrue();
	}

	@Test
	void startWithHangingProbeShouldWaitNoLongerThanTheTimeout() {
		this.jdbc.hang();
		long start = System.nanoTime();
		this.monitor.start();
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
		assertThat(this.monitor.latest("jdbc").outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
		assertThat(this.monitor.latest("jdbc").status()).isEqualTo(DatastoreStatus.UNKNOWN);
	}

	@Test
	void successfulProbeShouldBeUpWithDetails() {
		this.jdbc.pool(PoolUsage.of(2, 3, 0, 10));
		this.monitor.start();
		DatastoreCheck check = awaitStatus(DatastoreStatus.UP);
		assertThat(check.outcome()).isEqualTo(ProbeOutcome.SUCCESS);
		assertThat(check.consecutiveFailures()).isZero();
		assertThat(check.error()).isNull();
		assertThat(check.reasons()).isEmpty();
		assertThat(check.breaker()).isEqualTo(new BreakerState(CircuitBreaker.State.CLOSED, -1));
		assertThat(check.pool()).isEqualTo(PoolUsage.of(2, 3, 0, 10));
		assertThat(check.checkedAt()).isNotNull();
	}

	@Test
	void failuresBelowThresholdShouldKeepStatusThenBeDown() {
		this.monitor.start();
		awaitStatus(DatastoreStatus.UP);
		this.jdbc.fail(new SQLException("connection refused"));
		awaitStatus(DatastoreStatus.DOWN);
		List<DatastoreCheck> failures = this.heard.stream()
			.filter((check) -> check.outcome() != ProbeOutcome.SUCCESS)
			.toList();
		assertThat(failures.get(0).status()).isEqualTo(DatastoreStatus.UP);
		assertThat(failures.get(0).consecutiveFailures()).isEqualTo(1);
		assertThat(failures.get(0).reasons()).isEmpty();
		assertThat(failures.get(1).status()).isEqualTo(DatastoreStatus.UP);
		DatastoreCheck down = failures.get(2);
		assertThat(down.status()).isEqualTo(DatastoreStatus.DOWN);
		assertThat(down.consecutiveFailures()).isEqualTo(3);
		assertThat(down.outcome()).isEqualTo(ProbeOutcome.FAILURE);
		assertThat(down.error()).isEqualTo("java.sql.SQLException: connection refused");
		assertThat(down.reasons()).containsExactly("3 probes failed in a row");
	}

	@Test
	void firstFailuresShouldBeUnknownThenDown() {
		this.jdbc.fail(new SQLException("refused"));
		this.monitor.start();
		DatastoreCheck first = this.heard.get(0);
		assertThat(first.status()).isEqualTo(DatastoreStatus.UNKNOWN);
		assertThat(first.reasons()).containsExactly("1 of 3 failed probes in a row before down");
		awaitStatus(DatastoreStatus.DOWN);
	}

	@Test
	void successAfterDownShouldBeUpAgain() {
		this.jdbc.fail(new SQLException("refused"));
		this.monitor.start();
		awaitStatus(DatastoreStatus.DOWN);
		this.jdbc.succeed();
		DatastoreCheck up = awaitStatus(DatastoreStatus.UP);
		assertThat(up.consecutiveFailures()).isZero();
		assertThat(up.error()).isNull();
	}

	@Test
	void openBreakerShouldBeDegraded() {
		this.breaker.transitionToOpenState();
		this.monitor.start();
		DatastoreCheck check = awaitStatus(DatastoreStatus.DEGRADED);
		assertThat(check.reasons()).containsExactly("circuit breaker is OPEN");
		this.breaker.transitionToHalfOpenState();
		assertThat(awaitBreaker(CircuitBreaker.State.HALF_OPEN).status()).isEqualTo(DatastoreStatus.DEGRADED);
		this.breaker.transitionToForcedOpenState();
		assertThat(awaitBreaker(CircuitBreaker.State.FORCED_OPEN).status()).isEqualTo(DatastoreStatus.DEGRADED);
		this.breaker.transitionToClosedState();
		awaitStatus(DatastoreStatus.UP);
	}

	@Test
	void slowProbeShouldBeDegraded() {
		this.jdbc.delay(Duration.ofMillis(200));
		this.monitor.start();
		DatastoreCheck check = awaitStatus(DatastoreStatus.DEGRADED);
		assertThat(check.outcome()).isEqualTo(ProbeOutcome.SUCCESS);
		assertThat(check.reasons()).singleElement().asString().startsWith("probe took ").endsWith("above 100 ms");
	}

	@Test
	void saturatedPoolShouldBeDegraded() {
		this.jdbc.pool(PoolUsage.of(9, 0, 4, 10));
		this.monitor.start();
		DatastoreCheck check = awaitStatus(DatastoreStatus.DEGRADED);
		assertThat(check.reasons()).containsExactly("pool has 9 of 10 connections in use, above 80 %");
	}

	@Test
	void multiplexedConnectionShouldNeverCountAsSaturated() {
		this.jdbc.pool(PoolUsage.multiplexedConnection());
		this.monitor.start();
		assertThat(awaitStatus(DatastoreStatus.UP).pool().active()).isEqualTo(1);
	}

	@Test
	void hangingProbeShouldTimeOutAndNeverRunTwiceAtOnce() {
		this.jdbc.hang();
		this.monitor.start();
		DatastoreCheck down = awaitStatus(DatastoreStatus.DOWN);
		assertThat(down.outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
		assertThat(this.heard).extracting(DatastoreCheck::error)
			.contains("No answer within 500 ms")
			.anySatisfy((error) -> assertThat(error).startsWith("Previous probe still running after "));
		assertThat(this.jdbc.calls()).isEqualTo(1);
		assertThat(this.jdbc.maxRunning()).isEqualTo(1);
		this.jdbc.succeed();
		awaitStatus(DatastoreStatus.UP);
		assertThat(this.jdbc.maxRunning()).isEqualTo(1);
	}

	@Test
	void errorsShouldBeSanitized() {
		this.jdbc.fail(new IllegalStateException("Failed for jdbcUrl=jdbc:x://app:hunter2@db/app",
				new SQLException("password=hunter2 rejected")));
		this.monitor.start();
		DatastoreCheck check = awaitStatus(DatastoreStatus.DOWN);
		assertThat(check.error()).doesNotContain("hunter2")
			.isEqualTo("java.lang.IllegalStateException: Failed for jdbcUrl=jdbc:x://******@db/app; caused by "
					+ "java.sql.SQLException: password=****** rejected");
	}

	@Test
	void longErrorsShouldBeTruncated() {
		this.jdbc.fail(new SQLException("x".repeat(2000)));
		this.monitor.start();
		assertThat(awaitStatus(DatastoreStatus.DOWN).error()).hasSize(500).endsWith("...");
	}

	@Test
	void historyShouldBeBounded() {
		this.monitor.start();
		await().atMost(WAIT).until(() -> this.jdbc.calls() > 8);
		assertThat(this.monitor.history("jdbc")).hasSize(5);
	}

	@Test
	void listenersShouldHearEveryCheckWithPrevious() {
		this.jdbc.fail(new SQLException("refused"));
		this.monitor.start();
		awaitStatus(DatastoreStatus.DOWN);
		this.monitor.stop();
		assertThat(this.heard).hasSizeGreaterThanOrEqualTo(3);
		assertThat(this.heard.get(0).status()).isEqualTo(DatastoreStatus.UNKNOWN);
		assertThat(this.heardPrevious.get(0)).isNull();
		assertThat(this.heardPrevious.subList(1, 3)).containsExactly(DatastoreStatus.UNKNOWN, DatastoreStatus.UNKNOWN);
	}

	@Test
	void failingListenerShouldNotStopProbing() {
		this.monitor = new DatastoreHealthMonitor(Map.of("jdbc", this.jdbc), (name) -> null, FAST,
				() -> List.of((previous, check) -> {
					throw new IllegalStateException("boom");
				}));
		this.monitor.start();
		await().atMost(WAIT).until(() -> this.jdbc.calls() > 3);
		assertThat(this.monitor.latest("jdbc").breaker()).isNull();
	}

	@Test
	void healthyDatastoreShouldBeProbedAtIntervalAndUnhealthyOneMoreOften() {
		ProbeSettings slow = new ProbeSettings(Duration.ofMillis(400), Duration.ofMillis(40), Duration.ofMillis(200),
				3, Duration.ofSeconds(1), 0.8, 100);
		this.monitor = monitor(slow);
		this.monitor.start();
		awaitStatus(DatastoreStatus.UP);
		sleep(Duration.ofMillis(1000));
		int healthyCalls = this.jdbc.calls();
		this.jdbc.fail(new SQLException("refused"));
		sleep(Duration.ofMillis(1000));
		int unhealthyCalls = this.jdbc.calls() - healthyCalls;
		assertThat(healthyCalls).isBetween(2, 5);
		assertThat(unhealthyCalls).isGreaterThan(8);
	}

	private DatastoreHealthMonitor monitor(ProbeSettings settings) {
		return new DatastoreHealthMonitor(Map.of("jdbc", this.jdbc),
				(name) -> name.equals("jdbc") ? this.breaker : null, settings,
				() -> List.of((previous, check) -> {
					this.heardPrevious.add((previous != null) ? previous.status() : null);
					this.heard.add(check);
				}));
	}

	private DatastoreCheck awaitBreaker(CircuitBreaker.State state) {
		await().atMost(WAIT).until(() -> {
			DatastoreCheck check = this.monitor.latest("jdbc");
			return check != null && check.breaker() != null && check.breaker().state() == state;
		});
		return this.monitor.latest("jdbc");
	}

	private DatastoreCheck awaitStatus(DatastoreStatus status) {
		await().atMost(WAIT).until(() -> {
			DatastoreCheck check = this.monitor.latest("jdbc");
			return check != null && check.status() == status;
		});
		return this.monitor.latest("jdbc");
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

}
