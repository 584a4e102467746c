package io.github.resilientdb.alert.autoconfigure;

import java.net.URI;
import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Alerts on datastore health transitions, under {@code resilientdb.alerts}.
 */
@ConfigurationProperties("resilientdb.alerts")
public class AlertsProperties {

	/**
	 * Whether datastore health transitions are published as application events and sent to the webhook.
	 */
	private boolean enabled = true;

	/**
	 * URL that every datastore health transition is POSTed to as JSON; none is sent when unset.
	 */
	private @Nullable URI webhookUrl;

	/**
	 * Time to connect to the webhook and to get its answer, for each attempt.
	 */
	private Duration timeout = Duration.ofSeconds(5);

	/**
	 * Attempts after a failed delivery (no answer, 5xx, 408 or 429) before the transition is dropped.
	 */
	private int maxRetries = 3;

	/**
	 * Wait before the first retry of a delivery, doubled for each next one (up to a minute).
	 */
	private Duration retryDelay = Duration.ofSeconds(1);

	/**
	 * Time during which a datastore's transition in the same direction as one already sent is held back, then
	 * summarized if the datastore ended elsewhere; 0 sends every transition.
	 */
	private Duration deduplicationWindow = Duration.ofMinutes(5);

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public @Nullable URI getWebhookUrl() {
		return this.webhookUrl;
	}

	public void setWebhookUrl(@Nullable URI webhookUrl) {
		this.webhookUrl = webhookUrl;
	}

	public Duration getTimeout() {
		return this.timeout;
	}

	public void setTimeout(Duration timeout) {
		this.timeout = timeout;
	}

	public int getMaxRetries() {
		return this.maxRetries;
	}

	public void setMaxRetries(int maxRetries) {
		this.maxRetries = maxRetries;
	}

	public Duration getRetryDelay() {
		return this.retryDelay;
	}

	public void setRetryDelay(Duration retryDelay) {
		this.retryDelay = retryDelay;
	}

	public Duration getDeduplicationWindow() {
		return this.deduplicationWindow;
	}

	public void setDeduplicationWindow(Duration deduplicationWindow) {
		this.deduplicationWindow = deduplicationWindow;
	}

}
