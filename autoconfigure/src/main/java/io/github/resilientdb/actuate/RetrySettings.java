package io.github.resilientdb.actuate;

import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilientdb.autoconfigure.ResilientDbProperties;
import io.github.resilientdb.autoconfigure.ResilientDbProperties.Retry;

/**
 * The settings of each datastore's own retry policy as they are now: those configured, then those changed through
 * the endpoint. Resilience4j's {@code RetryConfig} keeps only the backoff function built from them, not the
 * settings themselves.
 */
final class RetrySettings {

	private final Map<String, Retry> current = new ConcurrentHashMap<>();

	RetrySettings(ResilientDbProperties properties, Collection<String> datastores) {
		for (String datastore : datastores) {
			ResilientDbProperties.Datastore configured = properties.getDatastores().get(datastore);
			this.current.put(datastore,
					copy((configured != null) ? configured.getRetry() : new ResilientDbProperties.DatastoreRetry()));
		}
	}

	Retry get(String datastore) {
		Retry retry = this.current.get(datastore);
		return copy((retry != null) ? retry : new Retry());
	}

	void set(String datastore, Retry retry) {
		this.current.put(datastore, copy(retry));
	}

	static String describe(Retry retry) {
		return "maxRetries=" + retry.getMaxRetries() + ", delay=" + RequestValues.format(retry.getDelay())
				+ ", multiplier=" + retry.getMultiplier() + ", maxDelay=" + RequestValues.format(retry.getMaxDelay())
				+ ", jitter=" + retry.getJitter();
	}

	private static Retry copy(Retry source) {
		Retry copy = new Retry();
		copy.setMaxRetries(source.getMaxRetries());
		copy.setDelay(source.getDelay());
		copy.setMultiplier(source.getMultiplier());
		copy.setMaxDelay(source.getMaxDelay());
		copy.setJitter(source.getJitter());
		return copy;
	}

}
