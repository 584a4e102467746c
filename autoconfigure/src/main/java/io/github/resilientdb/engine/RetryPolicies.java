package io.github.resilientdb.engine;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import org.jspecify.annotations.Nullable;

/**
 * The retry policies: each datastore's own and the named ones, as Resilience4j {@link Retry} instances in the
 * application's {@link RetryRegistry}, named {@code <datastore>} or {@code <datastore>.<policy>}.
 */
public final class RetryPolicies {

	private final RetryRegistry registry;

	private final Map<String, RetryConfig> datastoreDefaults;

	private final Map<String, RetryConfig> namedPolicies;

	/**
	 * Creates the policies.
	 * @param registry the registry instances are kept in
	 * @param datastoreDefaults the retry configuration of each datastore, by datastore name
	 * @param namedPolicies the named retry policies
	 */
	public RetryPolicies(RetryRegistry registry, Map<String, RetryConfig> datastoreDefaults,
			Map<String, RetryConfig> namedPolicies) {
		this.registry = registry;
		this.datastoreDefaults = new ConcurrentHashMap<>(datastoreDefaults);
		this.namedPolicies = Map.copyOf(namedPolicies);
	}

	/**
	 * The retry of a datastore under a policy.
	 * @param datastore the datastore name
	 * @param policy the policy name, empty for the datastore's own
	 * @return the retry, or {@code null} when the policy never retries
	 * @throws IllegalArgumentException if the policy is unknown
	 */
	@Nullable Retry retry(String datastore, String policy) {
		RetryConfig config = policy.isEmpty() ? this.datastoreDefaults.get(datastore) : this.namedPolicies.get(policy);
		if (config == null) {
			throw new IllegalArgumentException("Unknown retry policy '" + policy + "'; known policies: "
					+ this.namedPolicies.keySet().stream().sorted().toList());
		}
		if (config.getMaxAttempts() <= 1) {
			return null;
		}
		return this.registry.retry(policy.isEmpty() ? datastore : datastore + "." + policy,
				RetryOutcomes.counting(config));
	}

	/**
	 * The retry configuration of a datastore's own policy, used by methods that name no retry policy.
	 * @param datastore the datastore name
	 * @return the configuration, or {@code null} if there is no such datastore
	 */
	public @Nullable RetryConfig datastoreRetry(String datastore) {
		return this.datastoreDefaults.get(datastore);
	}

	/**
	 * Replaces the configuration of a datastore's own policy at runtime, together with its {@link Retry} instance.
	 * Methods already resolved keep the retry they hold until they are resolved again.
	 * @param datastore the datastore name
	 * @param config the new configuration
	 * @throws IllegalArgumentException if there is no such datastore
	 */
	void replaceDatastoreRetry(String datastore, RetryConfig config) {
		if (this.datastoreDefaults.replace(datastore, config) == null) {
			throw new IllegalArgumentException("Unknown datastore '" + datastore + "'");
		}
		this.registry.remove(datastore);
	}

}
