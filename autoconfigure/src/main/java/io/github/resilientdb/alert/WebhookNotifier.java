package io.github.resilientdb.alert;

import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

import io.github.resilientdb.health.CredentialSanitizer;
import io.github.resilientdb.health.DatastoreStatus;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationListener;

/**
 * POSTs every {@link DatastoreHealthChangedEvent} to a webhook as JSON:
 * <pre class="code">
 * {"datastore":"jdbc","from":"UP","to":"DOWN","at":"2025-01-01T12:00:00Z","reason":"...","suppressed":0}
 * </pre>
 * <p>
 * Everything happens on one thread of its own, so no caller ever waits for the webhook. Deliveries are made in order;
 * one that fails (no answer within the timeout, a {@code 5xx}, a {@code 408} or a {@code 429}) is tried again after
 * a wait that doubles each time, up to the configured number of retries, and then dropped with a warning, as is any
 * other refusal. User information in the webhook's URL ({@code https://user:password@host/...}) is sent as HTTP Basic
 * authentication; the address is logged as its origin only: its user information and path, which may hold a token,
 * never are. The reason of every event is stripped of credentials once more before it is sent.
 * <p>
 * Flapping is damped per datastore: a transition in the same direction (for instance {@code UP -> DOWN}) as one sent
 * less than the de-duplication window ago is held back. When the window of the first held-back transition closes, one
 * summary is sent if the datastore has ended in a state other than the one last sent (its {@code from} is the state
 * last sent, {@code suppressed} the number of transitions held back), so that the receiver always ends up knowing
 * the current state; otherwise the held-back transitions are only logged. A transition sent before then carries the
 * number held back since the previous one in its {@code suppressed}.
 */
public final class WebhookNotifier implements ApplicationListener<DatastoreHealthChangedEvent>, DisposableBean {

	private static final Log logger = LogFactory.getLog(WebhookNotifier.class);

	private static final int MAX_PENDING = 100;

	private static final Duration MAX_RETRY_DELAY = Duration.ofMinutes(1);

	private final URI url;

	private final @Nullable String authorization;

	private final String origin;

	private final Duration timeout;

	private final int maxRetries;

	private final Duration retryDelay;

	private final Duration window;

	private final @Nullable String application;

	private final Clock clock;

	private final HttpClient client;

	private final JsonMapper jsonMapper = JsonMapper.builder().build();

	private final CredentialSanitizer sanitizer = new CredentialSanitizer();

	private final ScheduledExecutorService executor;

	private final Map<String, Flapping> flapping = new HashMap<>();

	private final Deque<Delivery> pending = new ArrayDeque<>();

	private boolean retryScheduled;

	/**
	 * Creates a notifier.
	 * @param url the webhook
	 * @param timeout the time to connect and to get the answer of one attempt
	 * @param maxRetries the attempts after a failed one
	 * @param retryDelay the wait before the first retry, doubled for each next one (up to a minute)
	 * @param window the de-duplication window, zero to send every transition
	 * @param application the application's name, sent with every event, if any
	 * @param clock the clock the de-duplication window is measured with
	 */
	public WebhookNotifier(URI url, Duration timeout, int maxRetries, Duration retryDelay, Duration window,
			@Nullable String application, Clock clock) {
		this.url = withoutUserInfo(url);
		this.authorization = (url.getRawUserInfo() != null) ? "Basic " + Base64.getEncoder()
			.encodeToString(URLDecoder.decode(url.getRawUserInfo(), StandardCharsets.UTF_8)
				.getBytes(StandardCharsets.UTF_8)) : null;
		this.origin = origin(url);
		this.timeout = timeout;
		this.maxRetries = maxRetries;
		this.retryDelay = retryDelay;
		this.window = window;
		this.application = application;
		this.clock = clock;
		this.client = HttpClient.newBuilder()
			.connectTimeout(timeout)
			.followRedirects(HttpClient.Redirect.NEVER)
			.build();
		ScheduledThreadPoolExecutor executor = new ScheduledThreadPoolExecutor(1, (runnable) -> {
			Thread thread = new Thread(runnable, "resilientdb-webhook");
			thread.setDaemon(true);
			return thread;
		});
		executor.setRemoveOnCancelPolicy(true);
		this.executor = executor;
	}

	/**
	 * The webhook's origin ({@code scheme://host:port}), the only part of its address that is ever logged.
	 * @param url the webhook
	 * @return its origin
	 */
	public static String origin(URI url) {
		return url.getScheme() + "://" + url.getHost() + ((url.getPort() != -1) ? ":" + url.getPort() : "");
	}

	private static URI withoutUserInfo(URI url) {
		if (url.getRawUserInfo() == null) {
			return url;
		}
		String text = url.toString();
		int start = text.indexOf("//") + 2;
		return URI.create(text.substring(0, start) + text.substring(text.indexOf('@', start) + 1));
	}

	@Override
	public void onApplicationEvent(DatastoreHealthChangedEvent event) {
		this.executor.execute(() -> accept(event));
	}

	private void accept(DatastoreHealthChangedEvent event) {
		Flapping state = this.flapping.computeIfAbsent(event.getDatastore(), (name) -> new Flapping());
		Instant now = this.clock.instant();
		Instant lastSent = state.lastSent.get(event.getFrom(), event.getTo());
		if (this.window.isZero() || lastSent == null || !now.isBefore(lastSent.plus(this.window))) {
			int suppressed = state.suppressed;
			state.suppressed = 0;
			state.latest = null;
			state.sent(event.getFrom(), event.getTo(), now);
			enqueue(payload(event.getDatastore(), event.getFrom(), event.getTo(), event.getAt(), event.getReason(),
					suppressed));
			return;
		}
		state.suppressed++;
		state.latest = event;
		if (!state.flushScheduled) {
			state.flushScheduled = true;
			this.executor.schedule(() -> flush(event.getDatastore()), this.window.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	private void flush(String datastore) {
		Flapping state = this.flapping.get(datastore);
		DatastoreHealthChangedEvent latest = state.latest;
		state.flushScheduled = false;
		if (latest == null || state.suppressed == 0) {
			return;
		}
		int suppressed = state.suppressed;
		state.suppressed = 0;
		state.latest = null;
		DatastoreStatus lastSentTo = state.lastSentTo;
		if (lastSentTo == null || latest.getTo() == lastSentTo) {
			logger.info("Did not send " + suppressed + " flapping health transition(s) of datastore '" + datastore
					+ "' to webhook " + this.origin + ": it is " + latest.getTo() + " again, as last sent");
			return;
		}
		state.sent(lastSentTo, latest.getTo(), this.clock.instant());
		String reason = "flapping: " + suppressed + " transition(s) within " + describe(this.window)
				+ " not sent; last: " + ((latest.getReason() != null) ? latest.getReason() : "-");
		enqueue(payload(datastore, lastSentTo, latest.getTo(), latest.getAt(), reason, suppressed));
	}

	private static String describe(Duration duration) {
		return (duration.toMillis() % 1000 == 0) ? duration.toSeconds() + " s" : duration.toMillis() + " ms";
	}

	private Map<String, @Nullable Object> payload(String datastore, DatastoreStatus from, DatastoreStatus to,
			Instant at, @Nullable String reason, int suppressed) {
		Map<String, @Nullable Object> payload = new LinkedHashMap<>();
		payload.put("datastore", datastore);
		payload.put("from", from.name());
		payload.put("to", to.name());
		payload.put("at", at.toString());
		payload.put("reason", this.sanitizer.sanitize(reason));
		payload.put("suppressed", suppressed);
		if (this.application != null) {
			payload.put("application", this.application);
		}
		return payload;
	}

	private void enqueue(Map<String, @Nullable Object> payload) {
		if (this.pending.size() >= MAX_PENDING) {
			Delivery dropped = this.pending.removeFirst();
			logger.warn("Dropped health transition " + dropped.description + " for webhook " + this.origin + ": "
					+ MAX_PENDING + " transitions are waiting to be delivered");
		}
		this.pending.addLast(new Delivery(this.jsonMapper.writeValueAsString(payload),
				payload.get("datastore") + " " + payload.get("from") + " -> " + payload.get("to")));
		if (!this.retryScheduled) {
			deliver();
		}
	}

	private void deliver() {
		this.retryScheduled = false;
		Delivery delivery;
		while ((delivery = this.pending.peekFirst()) != null) {
			delivery.attempts++;
			Outcome outcome = post(delivery);
			if (outcome == Outcome.RETRY && delivery.attempts <= this.maxRetries) {
				long wait = Math.min(this.retryDelay.toMillis() << Math.min(delivery.attempts - 1, 20),
						MAX_RETRY_DELAY.toMillis());
				this.retryScheduled = true;
				this.executor.schedule(this::deliver, wait, TimeUnit.MILLISECONDS);
				return;
			}
			if (outcome != Outcome.SENT) {
				logger.warn("Gave up sending health transition " + delivery.description + " to webhook " + this.origin
						+ " after " + delivery.attempts + " attempt(s)");
			}
			this.pending.removeFirst();
		}
	}

	private Outcome post(Delivery delivery) {
		HttpRequest.Builder request = HttpRequest.newBuilder(this.url)
			.timeout(this.timeout)
			.header("Content-Type", "application/json")
			.header("User-Agent", "resilient-db")
			.POST(HttpRequest.BodyPublishers.ofString(delivery.json));
		if (this.authorization != null) {
			request.header("Authorization", this.authorization);
		}
		try {
			int status = this.client.send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
			if (status >= 200 && status < 300) {
				return Outcome.SENT;
			}
			boolean retry = status >= 500 || status == 408 || status == 429;
			logger.warn("Webhook " + this.origin + " answered " + status + " to health transition "
					+ delivery.description + ((retry && delivery.attempts <= this.maxRetries) ? "; will retry" : ""));
			return retry ? Outcome.RETRY : Outcome.REFUSED;
		}
		catch (IOException ex) {
			logger.warn("Could not send health transition " + delivery.description + " to webhook " + this.origin
					+ ": " + ex.getClass().getSimpleName()
					+ ((delivery.attempts <= this.maxRetries) ? "; will retry" : ""));
			return Outcome.RETRY;
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return Outcome.REFUSED;
		}
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

	@Override
	public String toString() {
		return "WebhookNotifier[" + this.origin + "]";
	}

	private enum Outcome {

		SENT, RETRY, REFUSED

	}

	private static final class Delivery {

		private final String json;

		private final String description;

		private int attempts;

		private Delivery(String json, String description) {
			this.json = json;
			this.description = description;
		}

	}

	/**
	 * What was last sent about one datastore, and what was held back since.
	 */
	private static final class Flapping {

		private final Directions lastSent = new Directions();

		private @Nullable DatastoreStatus lastSentTo;

		private int suppressed;

		private @Nullable DatastoreHealthChangedEvent latest;

		private boolean flushScheduled;

		private void sent(DatastoreStatus from, DatastoreStatus to, Instant at) {
			this.lastSent.put(from, to, at);
			this.lastSentTo = to;
		}

	}

	private static final class Directions {

		private final Map<DatastoreStatus, Map<DatastoreStatus, Instant>> byFrom = new EnumMap<>(
				DatastoreStatus.class);

		private @Nullable Instant get(DatastoreStatus from, DatastoreStatus to) {
			Map<DatastoreStatus, Instant> byTo = this.byFrom.get(from);
			return (byTo != null) ? byTo.get(to) : null;
		}

		private void put(DatastoreStatus from, DatastoreStatus to, Instant at) {
			this.byFrom.computeIfAbsent(from, (key) -> new EnumMap<>(DatastoreStatus.class)).put(to, at);
		}

	}

}
