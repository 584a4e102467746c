package io.github.resilientdb.benchmarks.outage;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import io.github.resilientdb.DatabaseUnavailableException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.core.NestedExceptionUtils;

/**
 * Callers of one endpoint of the application and a poller of its health endpoint, each on its own thread, over real
 * HTTP on the loopback interface; records every call and every health check.
 */
final class WebLoad implements AutoCloseable {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final HttpClient client = HttpClient.newBuilder()
		.version(HttpClient.Version.HTTP_1_1)
		.connectTimeout(Duration.ofSeconds(5))
		.build();

	private final URI endpoint;

	private final URI health;

	private final int callers;

	private final CallOutcomes outcomes;

	private final DrillOptions options;

	private final Queue<Call> calls = new ConcurrentLinkedQueue<>();

	private final Queue<HealthCheck> checks = new ConcurrentLinkedQueue<>();

	private final AtomicLong callIds = new AtomicLong();

	private final List<Thread> threads = new ArrayList<>();

	private volatile boolean running = true;

	/**
	 * @param port the application's HTTP port on 127.0.0.1
	 * @param store the datastore whose endpoint the callers call
	 * @param callers how many callers
	 * @param outcomes where the application notes its exceptions
	 * @param options the drill's options (pause between calls, timeouts, health interval)
	 */
	WebLoad(int port, Store store, int callers, CallOutcomes outcomes, DrillOptions options) {
		this.endpoint = URI.create("http://127.0.0.1:" + port + store.path());
		this.health = URI.create("http://127.0.0.1:" + port + "/actuator/health");
		this.callers = callers;
		this.outcomes = outcomes;
		this.options = options;
	}

	/** Starts the callers and the health poller. */
	void start() {
		for (int i = 1; i <= this.callers; i++) {
			this.threads.add(new Thread(this::callInLoop, "drill-caller-" + i));
		}
		this.threads.add(new Thread(this::pollHealth, "drill-health"));
		for (Thread thread : this.threads) {
			// A call that outlives close() must not keep the drill's JVM alive.
			thread.setDaemon(true);
			thread.start();
		}
	}

	/** Every call so far. */
	List<Call> calls() {
		return List.copyOf(this.calls);
	}

	/** Every health check so far. */
	List<HealthCheck> checks() {
		return List.copyOf(this.checks);
	}

	/**
	 * Whether there have been as many successful calls as callers since {@code since}, and the latest health answer,
	 * to a request sent since then, is UP.
	 */
	boolean healthySince(long since) {
		boolean up = this.checks.stream()
			.max(Comparator.comparingLong(HealthCheck::end))
			.filter((check) -> check.start() >= since && "UP".equals(check.status()))
			.isPresent();
		return up && servedSince(since);
	}

	/** Whether there have been as many successful calls as callers since {@code since}. */
	boolean servedSince(long since) {
		return this.calls.stream().filter((call) -> call.succeeded() && call.end() >= since).count() >= this.callers;
	}

	/** The status of the latest health answer, {@code NONE} before the first. */
	String lastHealthStatus() {
		return this.checks.stream()
			.max(Comparator.comparingLong(HealthCheck::end))
			.map(HealthCheck::status)
			.orElse("NONE");
	}

	/** Stops the callers and the poller, waiting for calls in flight up to the call timeout. */
	@Override
	public void close() {
		this.running = false;
		long deadline = System.nanoTime() + this.options.callTimeout().plusSeconds(5).toNanos();
		for (Thread thread : this.threads) {
			try {
				thread.join(Math.max(1, (deadline - System.nanoTime()) / 1_000_000));
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				return;
			}
		}
	}

	private void callInLoop() {
		while (this.running) {
			String id = Long.toString(this.callIds.incrementAndGet());
			HttpRequest request = HttpRequest.newBuilder(this.endpoint)
				.header(CallOutcomes.CALL_ID_HEADER, id)
				.header("Accept", "application/json")
				.timeout(this.options.callTimeout())
				.build();
			long start = System.nanoTime();
			int status = send(request).statusCode;
			long end = System.nanoTime();
			RuntimeException failure = this.outcomes.take(id);
			this.calls.add(new Call(start, end, status, (failure != null) ? describe(failure) : null,
					failure instanceof DatabaseUnavailableException));
			sleep(this.options.pause());
		}
	}

	private void pollHealth() {
		HttpRequest request = HttpRequest.newBuilder(this.health)
			.header("Accept", "application/json")
			.timeout(this.options.callTimeout())
			.build();
		while (this.running) {
			long start = System.nanoTime();
			Response response = send(request);
			long end = System.nanoTime();
			this.checks.add(new HealthCheck(start, end, response.statusCode, statusIn(response.body)));
			sleep(this.options.healthInterval().minusNanos(end - start));
		}
	}

	private Response send(HttpRequest request) {
		try {
			HttpResponse<String> response = this.client.send(request, HttpResponse.BodyHandlers.ofString());
			return new Response(response.statusCode(), response.body());
		}
		catch (IOException ex) {
			return new Response(Call.NO_RESPONSE, "");
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return new Response(Call.NO_RESPONSE, "");
		}
	}

	private static String statusIn(String body) {
		try {
			JsonNode status = JSON.readTree(body).get("status");
			return (status != null && status.isString()) ? status.asString() : "NONE";
		}
		catch (RuntimeException ex) {
			return "NONE";
		}
	}

	/** The exception's type, and its root cause's type when that is another one. */
	static String describe(Throwable failure) {
		String type = failure.getClass().getSimpleName();
		Throwable root = NestedExceptionUtils.getMostSpecificCause(failure);
		return (root != failure) ? type + " < " + root.getClass().getSimpleName() : type;
	}

	private static void sleep(Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			return;
		}
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private record Response(int statusCode, String body) {

	}

}
