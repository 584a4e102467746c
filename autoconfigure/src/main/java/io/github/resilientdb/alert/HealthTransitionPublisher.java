package io.github.resilientdb.alert;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import io.github.resilientdb.health.CredentialSanitizer;
import io.github.resilientdb.health.DatastoreCheck;
import io.github.resilientdb.health.DatastoreCheckListener;
import io.github.resilientdb.health.DatastoreStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.ApplicationEventPublisher;

/**
 * Turns the background health checks into {@link DatastoreHealthChangedEvent}s: one per change of a datastore's
 * status, published in order on a thread of its own so that neither the prober nor the application's listeners wait
 * for each other. A datastore found {@code UP} by its first check is not a change.
 */
public final class HealthTransitionPublisher implements DatastoreCheckListener, DisposableBean {

	private static final int MAX_REASON_LENGTH = 500;

	private final ApplicationEventPublisher publisher;

	private final CredentialSanitizer sanitizer = new CredentialSanitizer();

	private final ExecutorService executor = Executors.newSingleThreadExecutor((runnable) -> {
		Thread thread = new Thread(runnable, "resilientdb-health-events");
		thread.setDaemon(true);
		return thread;
	});

	/**
	 * Creates a publisher.
	 * @param publisher publishes the events
	 */
	public HealthTransitionPublisher(ApplicationEventPublisher publisher) {
		this.publisher = publisher;
	}

	@Override
	public void onCheck(@Nullable DatastoreCheck previous, DatastoreCheck check) {
		DatastoreStatus from = (previous != null) ? previous.status() : DatastoreStatus.UNKNOWN;
		DatastoreStatus to = check.status();
		if (from == to || (from == DatastoreStatus.UNKNOWN && to == DatastoreStatus.UP)) {
			return;
		}
		DatastoreHealthChangedEvent event = new DatastoreHealthChangedEvent(this, check.datastore(), from, to,
				check.checkedAt(), reason(check));
		this.executor.execute(() -> this.publisher.publishEvent(event));
	}

	private @Nullable String reason(DatastoreCheck check) {
		String reason = String.join("; ", check.reasons());
		if (check.error() != null) {
			reason = reason.isEmpty() ? check.error() : reason + "; last error: " + check.error();
		}
		if (reason.isEmpty()) {
			reason = "probe " + check.outcome().tagValue() + " in " + check.latency().toMillis() + " ms";
		}
		String sanitized = this.sanitizer.sanitize(reason);
		return (sanitized != null && sanitized.length() > MAX_REASON_LENGTH)
				? sanitized.substring(0, MAX_REASON_LENGTH) + "..." : sanitized;
	}

	@Override
	public void destroy() {
		this.executor.shutdownNow();
	}

}
