package io.github.resilientdb.alert;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.resilientdb.health.DatastoreCheck;
import io.github.resilientdb.health.DatastoreStatus;
import io.github.resilientdb.health.ProbeOutcome;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Health checks turned into {@link DatastoreHealthChangedEvent}s.
 */
class HealthTransitionPublisherTests {

	private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");

	private final List<Object> events = new CopyOnWriteArrayList<>();

	private final List<String> threads = new CopyOnWriteArrayList<>();

	private final HealthTransitionPublisher publisher = new HealthTransitionPublisher((event) -> {
		this.threads.add(Thread.currentThread().getName());
		this.events.add(event);
	});

	@AfterEach
	void stop() {
		this.publisher.destroy();
	}

	@Test
	void firstCheckUpIsNotATransition() throws InterruptedException {
		this.publisher.onCheck(null, check(DatastoreStatus.UP, ProbeOutcome.SUCCESS, null, List.of()));
		Thread.sleep(200);
		assertThat(this.events).isEmpty();
	}

	@Test
	void firstCheckNotUpIsATransitionFromUnknown() {
		this.publisher.onCheck(null, check(DatastoreStatus.DOWN, ProbeOutcome.FAILURE, "Connection refused",
				List.of()));
		DatastoreHealthChangedEvent event = awaitEvent();
		assertThat(event.getFrom()).isEqualTo(DatastoreStatus.UNKNOWN);
		assertThat(event.getTo()).isEqualTo(DatastoreStatus.DOWN);
		assertThat(event.getReason()).isEqualTo("Connection refused");
	}

	@Test
	void changeOfStatusIsPublishedOffTheProberThreadWithASanitizedReason() {
		DatastoreCheck up = check(DatastoreStatus.UP, ProbeOutcome.SUCCESS, null, List.of());
		this.publisher.onCheck(up, check(DatastoreStatus.DOWN, ProbeOutcome.FAILURE,
				"Cannot connect to redis://:r3disPass@cache:6379", List.of("3 failed probes; password=r3disPass")));
		DatastoreHealthChangedEvent event = awaitEvent();
		assertThat(event.getDatastore()).isEqualTo("redis");
		assertThat(event.getFrom()).isEqualTo(DatastoreStatus.UP);
		assertThat(event.getTo()).isEqualTo(DatastoreStatus.DOWN);
		assertThat(event.getAt()).isEqualTo(AT);
		assertThat(event.getReason()).startsWith("3 failed probes; password=")
			.contains("; last error: Cannot connect to redis://")
			.doesNotContain("r3disPass");
		assertThat(event.getSource()).isSameAs(this.publisher);
		assertThat(this.threads).containsExactly("resilientdb-health-events");
	}

	@Test
	void recoveryHasTheProbeAsItsReason() {
		DatastoreCheck down = check(DatastoreStatus.DOWN, ProbeOutcome.FAILURE, "refused", List.of());
		this.publisher.onCheck(down, check(DatastoreStatus.UP, ProbeOutcome.SUCCESS, null, List.of()));
		assertThat(awaitEvent().getReason()).isEqualTo("probe success in 12 ms");
	}

	@Test
	void sameStatusIsNotATransition() throws InterruptedException {
		DatastoreCheck degraded = check(DatastoreStatus.DEGRADED, ProbeOutcome.SUCCESS, null, List.of("slow"));
		this.publisher.onCheck(degraded, degraded);
		Thread.sleep(200);
		assertThat(this.events).isEmpty();
	}

	private DatastoreHealthChangedEvent awaitEvent() {
		await().atMost(Duration.ofSeconds(5)).until(() -> this.events.size() == 1);
		return (DatastoreHealthChangedEvent) this.events.get(0);
	}

	private static DatastoreCheck check(DatastoreStatus status, ProbeOutcome outcome, String error,
			List<String> reasons) {
		return new DatastoreCheck("redis", status, outcome, AT, Duration.ofMillis(12),
				(outcome == ProbeOutcome.SUCCESS) ? 0 : 3, error, null, null, reasons);
	}

}
