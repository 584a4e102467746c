package io.github.resilientdb.health;

import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mockito.Mockito;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The background probe's verdict moving the circuit breaker, through Resilience4j's own transitions, and the one
 * WARN line per state change.
 */
@ExtendWith(OutputCaptureExtension.class)
class BreakerLinkTests {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final ProbeSettings LINKED = new ProbeSettings(Duration.ofMillis(50), Duration.ofMillis(50),
			Duration.ofMillis(500), 2, Duration.ofMillis(100), 0.8, 50, Duration.ofSeconds(2), true);

	private final FakeProbe jdbc = new FakeProbe("jdbc", "hunter2");

	private CircuitBreaker breaker = breaker(Duration.ofSeconds(60));

	private DatastoreHealthMonitor monitor;

	private final LogRecorder log = LogRecorder.start();

	@AfterEach
	void stop() {
		this.log.close();
		if (this.monitor != null) {
			this.monitor.stop();
		}
		this.jdbc.succeed();
	}

	@Test
	void failedProbesShouldOpenBreakerWithoutAnyCallThenSuccessShouldCloseIt(CapturedOutput output) {
		start(LINKED);
		awaitStatus(DatastoreStatus.UP);
		this.jdbc.fail(new SQLException("Connection refused by hunter2"));
		DatastoreCheck down = awaitStatus(DatastoreStatus.DOWN);
		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(down.breaker().state()).isEqualTo(CircuitBreaker.State.OPEN);
		this.jdbc.succeed();
		DatastoreCheck up = awaitStatus(DatastoreStatus.UP);
		assertThat(up.breaker().state()).isEqualTo(CircuitBreaker.State.CLOSED);
		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		List<String> warnings = warnings(output);
		assertThat(warnings).hasSize(4);
		assertThat(warnings.get(0)).contains("Circuit breaker of datastore 'jdbc' is OPEN (was CLOSED)",
				"2 health probes failed in a row", "Connection refused").doesNotContain("hunter2");
		assertThat(warnings.get(1)).contains("Datastore 'jdbc' is DOWN (was UP)");
		assertThat(warnings.get(2)).contains("Circuit breaker of datastore 'jdbc' is CLOSED (was OPEN)");
		assertThat(warnings.get(3)).contains("Datastore 'jdbc' is UP again (was DOWN)");
		assertThat(this.log.events()).allSatisfy((event) -> assertThat(LogRecorder.stackFrames(event)).isZero());
	}

	@Test
	void breakerOpenedByCallsShouldWaitItsOpenWaitThenHalfOpenThenClose(CapturedOutput output) {
		this.breaker = breaker(Duration.ofMillis(1500));
		start(LINKED);
		awaitStatus(DatastoreStatus.UP);
		this.breaker.transitionToOpenState();
		sleep(Duration.ofMillis(700));
		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
		assertThat(this.monitor.latest("jdbc").status()).isEqualTo(DatastoreStatus.DEGRADED);
		await().atMost(WAIT).until(() -> this.breaker.getState() == CircuitBreaker.State.CLOSED);
		awaitStatus(DatastoreStatus.UP);
		assertThat(warnings(output)).anySatisfy((line) -> assertThat(line).contains("is OPEN (was CLOSED)",
				"0 failed and 0 slow of the last 0 calls"))
			.anySatisfy((line) -> assertThat(line).contains("is HALF_OPEN (was OPEN)"))
			.anySatisfy((line) -> assertThat(line).contains("is CLOSED (was HALF_OPEN)"));
	}

	@Test
	void breakerForcedOpenByOperatorShouldBeLeftAlone() {
		start(LINKED);
		awaitStatus(DatastoreStatus.UP);
		this.breaker.transitionToForcedOpenState();
		int calls = this.jdbc.calls();
		await().atMost(WAIT).until(() -> this.jdbc.calls() > calls + 5);
		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);
		this.jdbc.fail(new SQLException("refused"));
		awaitStatus(DatastoreStatus.DOWN);
		this.jdbc.succeed();
		awaitStatus(DatastoreStatus.DEGRADED);
		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);
	}

	@Test
	void breakerThatCannotBeMovedShouldNotStopProbing() {
		this.breaker = Mockito.spy(breaker(Duration.ofSeconds(60)));
		Mockito.doThrow(new IllegalStateException("moved by someone else")).when(this.breaker).transitionToOpenState();
		start(LINKED);
		this.jdbc.fail(new SQLException("refused"));
		awaitStatus(DatastoreStatus.DOWN);
		int calls = this.jdbc.calls();
		await().atMost(WAIT).until(() -> this.jdbc.calls() > calls + 3);
		this.jdbc.succeed();
		awaitStatus(DatastoreStatus.UP);
	}

	@Test
	void withoutLinkProbesShouldLeaveBreakerClosed() {
		start(new ProbeSettings(Duration.ofMillis(50), Duration.ofMillis(50), Duration.ofMillis(500), 2,
				Duration.ofMillis(100), 0.8, 50, Duration.ofSeconds(2), false));
		this.jdbc.fail(new SQLException("refused"));
		awaitStatus(DatastoreStatus.DOWN);
		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void firstProbeShouldGetWarmUpTimeoutAndNotBeJudgedByLatency() {
		this.jdbc.delay(Duration.ofMillis(800));
		start(LINKED);
		DatastoreCheck first = await().atMost(WAIT).until(() -> this.monitor.latest("jdbc"), (check) -> check != null);
		assertThat(first.outcome()).isEqualTo(ProbeOutcome.SUCCESS);
		assertThat(first.latency()).isGreaterThan(Duration.ofMillis(500));
		assertThat(first.status()).isEqualTo(DatastoreStatus.UP);
		DatastoreCheck second = await().atMost(WAIT)
			.until(() -> this.monitor.history("jdbc"), (history) -> history.size() > 1)
			.get(1);
		assertThat(second.outcome()).isEqualTo(ProbeOutcome.TIMEOUT);
		assertThat(this.jdbc.timeouts()).startsWith(Duration.ofSeconds(2), Duration.ofMillis(500));
		assertThat(this.breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	private void start(ProbeSettings settings) {
		this.monitor = new DatastoreHealthMonitor(Map.of("jdbc", this.jdbc),
				(name) -> name.equals("jdbc") ? this.breaker : null, settings, List::of);
		this.monitor.start();
	}

	private static CircuitBreaker breaker(Duration wait) {
		return CircuitBreaker.of("jdbc", CircuitBreakerConfig.custom().waitDurationInOpenState(wait).build());
	}

	private DatastoreCheck awaitStatus(DatastoreStatus status) {
		return await().atMost(WAIT)
			.until(() -> this.monitor.latest("jdbc"), (check) -> check != null && check.status() == status);
	}

	private static List<String> warnings(CapturedOutput output) {
		return output.getAll().lines().filter((line) -> line.contains("WARN")).toList();
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
