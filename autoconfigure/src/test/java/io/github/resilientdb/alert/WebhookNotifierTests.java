package io.github.resilientdb.alert;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;

import io.github.resilientdb.health.DatastoreStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static io.github.resilientdb.health.DatastoreStatus.DEGRADED;
import static io.github.resilientdb.health.DatastoreStatus.DOWN;
import static io.github.resilientdb.health.DatastoreStatus.UP;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The webhook against a real HTTP server on a free local port.
 */
@ExtendWith(OutputCaptureExtension.class)
class WebhookNotifierTests {

	private static final Instant AT = Instant.parse("2025-01-02T03:04:05Z");

	private WebhookReceiver receiver;

	private WebhookNotifier notifier;

	@BeforeEach
	void startReceiver() throws IOException {
		this.receiver = WebhookReceiver.start();
	}

	@AfterEach
	void stop() {
		if (this.notifier != null) {
			this.notifier.destroy();
		}
		this.receiver.close();
	}

	@Test
	void postsEveryTransitionAsJson() {
		this.notifier = notifier(this.receiver.url("/hook"), 3, Duration.ZERO);
		this.notifier.onApplicationEvent(event("jdbc", UP, DOWN, "3 failed probes: Connection refused"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.requests().size() == 1);
		WebhookReceiver.Request request = this.receiver.requests().get(0);
		assertThat(request.method()).isEqualTo("POST");
		assertThat(request.path()).isEqualTo("/hook");
		assertThat(request.contentType()).isEqualTo("application/json");
		assertThat(request.authorization()).isNull();
		assertThat(request.event()).containsExactly(Map.entry("datastore", "jdbc"), Map.entry("from", "UP"),
				Map.entry("to", "DOWN"), Map.entry("at", "2025-01-02T03:04:05Z"),
				Map.entry("reason", "3 failed probes: Connection refused"), Map.entry("suppressed", 0),
				Map.entry("application", "orders"));
	}

	@Test
	void retriesAfterServerErrorsWithBackoff(CapturedOutput output) {
		this.receiver.answer(500, 503);
		this.notifier = notifier(this.receiver.url("/hook"), 3, Duration.ZERO);
		this.notifier.onApplicationEvent(event("jdbc", UP, DOWN, "down"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.requests().size() == 3);
		assertThat(this.receiver.requests()).extracting(WebhookReceiver.Request::body).containsOnly(
				this.receiver.requests().get(0).body());
		assertThat(output).contains("answered 500 to health transition jdbc UP -> DOWN; will retry")
			.contains("answered 503 to health transition jdbc UP -> DOWN; will retry")
			.doesNotContain(gaveUp());
	}

	@Test
	void givesUpAfterTheLastRetry(CapturedOutput output) throws InterruptedException {
		this.receiver.answer(500, 500, 500, 500);
		this.notifier = notifier(this.receiver.url("/hook"), 1, Duration.ZERO);
		this.notifier.onApplicationEvent(event("jdbc", UP, DOWN, "down"));
		await().atMost(Duration.ofSeconds(10)).until(() -> output.toString().contains(gaveUp()));
		Thread.sleep(300);
		assertThat(this.receiver.requests()).hasSize(2);
		assertThat(output).contains("Gave up sending health transition jdbc UP -> DOWN to webhook http://127.0.0.1:"
				+ this.receiver.port() + " after 2 attempt(s)");
	}

	@Test
	void doesNotRetryARefusal(CapturedOutput output) throws InterruptedException {
		this.receiver.answer(400);
		this.notifier = notifier(this.receiver.url("/hook"), 3, Duration.ZERO);
		this.notifier.onApplicationEvent(event("jdbc", UP, DOWN, "down"));
		await().atMost(Duration.ofSeconds(10)).until(() -> output.toString().contains(gaveUp()));
		Thread.sleep(300);
		assertThat(this.receiver.requests()).hasSize(1);
	}

	@Test
	void keepsTheOrderOfTransitionsWhileRetrying() {
		this.receiver.answer(500);
		this.notifier = notifier(this.receiver.url("/hook"), 3, Duration.ZERO);
		this.notifier.onApplicationEvent(event("jdbc", UP, DOWN, "down"));
		this.notifier.onApplicationEvent(event("jdbc", DOWN, UP, "up"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.requests().size() == 3);
		assertThat(this.receiver.events()).extracting((event) -> event.get("from") + "->" + event.get("to"))
			.containsExactly("UP->DOWN", "UP->DOWN", "DOWN->UP");
	}

	@Test
	void flappingSendsOneTransitionPerDirectionThenASummaryOfWhereItEnded() throws InterruptedException {
		this.notifier = notifier(this.receiver.url("/hook"), 0, Duration.ofMillis(800));
		this.notifier.onApplicationEvent(event("redis", UP, DOWN, "down 1"));
		this.notifier.onApplicationEvent(event("redis", DOWN, UP, "up 1"));
		this.notifier.onApplicationEvent(event("redis", UP, DOWN, "down 2"));
		this.notifier.onApplicationEvent(event("redis", DOWN, UP, "up 2"));
		this.notifier.onApplicationEvent(event("redis", UP, DOWN, "down 3"));
		this.notifier.onApplicationEvent(event("jdbc", UP, DEGRADED, "slow"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.requests().size() == 3);
		assertThat(this.receiver.events()).extracting((event) -> event.get("datastore") + " " + event.get("from")
				+ "->" + event.get("to")).containsExactly("redis UP->DOWN", "redis DOWN->UP", "jdbc UP->DEGRADED");
		await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.requests().size() == 4);
		Map<String, Object> summary = this.receiver.events().get(3);
		assertThat(summary).containsEntry("datastore", "redis")
			.containsEntry("from", "UP")
			.containsEntry("to", "DOWN")
			.containsEntry("suppressed", 3)
			.containsEntry("reason", "flapping: 3 transition(s) within 800 ms not sent; last: down 3");
		Thread.sleep(1200);
		assertThat(this.receiver.requests()).hasSize(4);
	}

	@Test
	void flappingThatEndsWhereItWasSentSendsNoSummary(CapturedOutput output) throws InterruptedException {
		this.notifier = notifier(this.receiver.url("/hook"), 0, Duration.ofMillis(500));
		this.notifier.onApplicationEvent(event("redis", UP, DOWN, "down 1"));
		this.notifier.onApplicationEvent(event("redis", DOWN, UP, "up 1"));
		this.notifier.onApplicationEvent(event("redis", UP, DOWN, "down 2"));
		this.notifier.onApplicationEvent(event("redis", DOWN, UP, "up 2"));
		await().atMost(Duration.ofSeconds(10))
			.until(() -> output.toString().contains("Did not send 2 flapping health transition(s) of datastore "
					+ "'redis'"));
		Thread.sleep(300);
		assertThat(this.receiver.events()).extracting((event) -> event.get("from") + "->" + event.get("to"))
			.containsExactly("UP->DOWN", "DOWN->UP");
	}

	@Test
	void sameDirectionAfterTheWindowIsSentAgain() throws InterruptedException {
		this.notifier = notifier(this.receiver.url("/hook"), 0, Duration.ofMillis(300));
		this.notifier.onApplicationEvent(event("redis", UP, DOWN, "down 1"));
		this.notifier.onApplicationEvent(event("redis", DOWN, UP, "up 1"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.requests().size() == 2);
		Thread.sleep(400);
		this.notifier.onApplicationEvent(event("redis", UP, DOWN, "down 2"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.requests().size() == 3);
		assertThat(this.receiver.events().get(2)).containsEntry("reason", "down 2").containsEntry("suppressed", 0);
	}

	@Test
	void neverBlocksTheCaller() {
		this.receiver.delay(Duration.ofSeconds(2));
		this.notifier = notifier(this.receiver.url("/hook"), 0, Duration.ZERO);
		long start = System.nanoTime();
		for (int i = 0; i < 5; i++) {
			this.notifier.onApplicationEvent(event("jdbc", (i % 2 == 0) ? UP : DOWN, (i % 2 == 0) ? DOWN : UP, "x"));
		}
		assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(200));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.requests().size() >= 1);
	}

	@Test
	void userInfoOfTheUrlIsSentAsBasicAuthenticationAndNeverLogged(CapturedOutput output) {
		this.receiver.answer(500, 500);
		String url = "http://hookuser:h00kPass@127.0.0.1:" + this.receiver.port() + "/services/T0KEN-IN-PATH";
		this.notifier = notifier(url, 1, Duration.ZERO);
		this.notifier.onApplicationEvent(event("jdbc", UP, DOWN, "down"));
		await().atMost(Duration.ofSeconds(10)).until(() -> output.toString().contains(gaveUp()));
		assertThat(this.receiver.requests()).allSatisfy((request) -> {
			assertThat(request.path()).isEqualTo("/services/T0KEN-IN-PATH");
			assertThat(request.authorization()).isEqualTo("Basic "
					+ Base64.getEncoder().encodeToString("hookuser:h00kPass".getBytes(StandardCharsets.UTF_8)));
		});
		assertThat(output).contains("webhook http://127.0.0.1:" + this.receiver.port())
			.doesNotContain("h00kPass")
			.doesNotContain("hookuser")
			.doesNotContain("T0KEN");
		assertThat(this.notifier.toString()).isEqualTo("WebhookNotifier[http://127.0.0.1:" + this.receiver.port()
				+ "]");
	}

	@Test
	void credentialsInTheReasonAreNeverSent() {
		this.notifier = notifier(this.receiver.url("/hook"), 0, Duration.ZERO);
		this.notifier.onApplicationEvent(event("jdbc", UP, DOWN,
				"Connection to mongodb://app:Pa55word@db:27017 failed; password=Pa55word"));
		await().atMost(Duration.ofSeconds(10)).until(() -> this.receiver.requests().size() == 1);
		assertThat(this.receiver.requests().get(0).body()).doesNotContain("Pa55word").contains("mongodb://");
	}

	private String gaveUp() {
		return "to webhook http://127.0.0.1:" + this.receiver.port() + " after";
	}

	private WebhookNotifier notifier(String url, int maxRetries, Duration window) {
		return new WebhookNotifier(URI.create(url), Duration.ofSeconds(5), maxRetries, Duration.ofMillis(50), window,
				"orders", Clock.systemUTC());
	}

	private static DatastoreHealthChangedEvent event(String datastore, DatastoreStatus from, DatastoreStatus to,
			String reason) {
		return new DatastoreHealthChangedEvent(WebhookNotifierTests.class, datastore, from, to, AT, reason);
	}

}
