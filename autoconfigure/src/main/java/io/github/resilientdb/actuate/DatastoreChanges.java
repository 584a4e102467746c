package io.github.resilientdb.actuate;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilientdb.actuate.DatastorePool.PoolSize;
import io.github.resilientdb.actuate.ResilientDbEndpoint.ChangeDescriptor;
import io.github.resilientdb.actuate.ResilientDbEndpoint.ChangesDescriptor;
import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;
import io.github.resilientdb.autoconfigure.ResilienceConfigs;
import io.github.resilientdb.autoconfigure.ResilientDbProperties.Retry;
import io.github.resilientdb.engine.DatastorePolicy;
import io.github.resilientdb.engine.MethodPolicies;
import org.jspecify.annotations.Nullable;

/**
 * Checks and makes the changes of one request to one datastore: the retry policy first, then the pool, then the
 * breaker. Every value is checked before anything changes, so that a refused request changes nothing.
 */
final class DatastoreChanges {

	static final String BREAKER = "breaker";

	static final String MAXIMUM_POOL_SIZE = "maximumPoolSize";

	static final String MINIMUM_IDLE = "minimumIdle";

	static final String MAX_RETRIES = "maxRetries";

	static final String RETRY_DELAY = "retryDelay";

	static final String RETRY_MULTIPLIER = "retryMultiplier";

	static final String RETRY_MAX_DELAY = "retryMaxDelay";

	static final String RETRY_JITTER = "retryJitter";

	private static final List<String> FIELDS = List.of(BREAKER, MAXIMUM_POOL_SIZE, MINIMUM_IDLE, MAX_RETRIES,
			RETRY_DELAY, RETRY_MULTIPLIER, RETRY_MAX_DELAY, RETRY_JITTER);

	/**
	 * Most retries after the first attempt a change may ask for.
	 */
	static final int MAX_RETRIES_LIMIT = 10;

	/**
	 * Longest wait before the first retry a change may ask for.
	 */
	static final Duration RETRY_DELAY_LIMIT = Duration.ofSeconds(30);

	/**
	 * Longest wait between retries a change may ask for.
	 */
	static final Duration RETRY_MAX_DELAY_LIMIT = Duration.ofMinutes(2);

	/**
	 * Largest factor the wait may grow by after each retry.
	 */
	static final double RETRY_MULTIPLIER_LIMIT = 10;

	/**
	 * How many times its configured maximum a pool may be made to grow.
	 */
	static final int POOL_GROWTH_LIMIT = 4;

	/**
	 * Largest maximum pool size a change may ask for, unless the pool was configured larger.
	 */
	static final int POOL_SIZE_HARD_LIMIT = 200;

	private static final String RETRY_PREFIX = "retry";

	private static final Map<String, String> RETRY_PROPERTIES = Map.of(RETRY_PREFIX + ".max-retries", MAX_RETRIES,
			RETRY_PREFIX + ".delay", RETRY_DELAY, RETRY_PREFIX + ".multiplier", RETRY_MULTIPLIER,
			RETRY_PREFIX + ".max-delay", RETRY_MAX_DELAY, RETRY_PREFIX + ".jitter", RETRY_JITTER);

	private final MethodPolicies policies;

	private final RetrySettings retrySettings;

	private final Function<String, @Nullable DatastorePool> pools;

	private final ChangeAudit audit;

	private final Map<String, Integer> configuredMaximumPoolSizes = new ConcurrentHashMap<>();

	DatastoreChanges(MethodPolicies policies, RetrySettings retrySettings,
			Function<String, @Nullable DatastorePool> pools, ChangeAudit audit) {
		this.policies = policies;
		this.retrySettings = retrySettings;
		this.pools = pools;
		this.audit = audit;
	}

	RetrySettings retrySettings() {
		return this.retrySettings;
	}

	synchronized ChangesDescriptor apply(String datastore, Map<String, @Nullable Object> request,
			String principal) {
		List<Change> planned;
		try {
			planned = plan(datastore, request);
		}
		catch (InvalidChangeException ex) {
			this.audit.refused(principal, datastore, String.valueOf(ex.getReason()));
			throw ex;
		}
		List<ChangeDescriptor> made = new ArrayList<>();
		for (Change change : planned) {
			String before = change.read();
			change.action().run();
			String after = change.read();
			this.audit.changed(principal, datastore, change.field(), before, after);
			made.add(new ChangeDescriptor(change.field(), before, after));
		}
		return new ChangesDescriptor(datastore, made);
	}

	private List<Change> plan(String datastore, Map<String, @Nullable Object> request) {
		DatastorePolicy policy = this.policies.datastores().get(datastore);
		if (policy == null) {
			throw InvalidChangeException.unknownDatastore(datastore,
					this.policies.datastores().names().stream().sorted().toList());
		}
		List<Change> changes = new ArrayList<>();
		Change retry = retry(datastore, request);
		if (retry != null) {
			changes.add(retry);
		}
		Change pool = pool(datastore, request.get(MAXIMUM_POOL_SIZE), request.get(MINIMUM_IDLE));
		if (pool != null) {
			changes.add(pool);
		}
		@Nullable Object breaker = request.get(BREAKER);
		if (breaker != null) {
			changes.add(breaker(policy.circuitBreaker(), breaker));
		}
		if (changes.isEmpty()) {
			throw new InvalidChangeException(null, "No change requested: give at least one of " + FIELDS);
		}
		return changes;
	}

	private static Change breaker(CircuitBreaker breaker, Object value) {
		BreakerAction action;
		try {
			action = BreakerAction.valueOf(value.toString().trim().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw RequestValues.invalid(BREAKER, value, "one of " + List.of(BreakerAction.values()));
		}
		return new Change(BREAKER, () -> breaker.getState().name(), () -> action.apply(breaker));
	}

	private @Nullable Change pool(String datastore, @Nullable Object maximum, @Nullable Object minimum) {
		if (maximum == null && minimum == null) {
			return null;
		}
		String field = (maximum != null) ? MAXIMUM_POOL_SIZE : MINIMUM_IDLE;
		DatastorePool pool = this.pools.apply(datastore);
		if (pool == null) {
			throw new InvalidChangeException(field, "Cannot change '" + field + "': datastore '" + datastore
					+ "' has no connection pool that can be resized at runtime");
		}
		PoolSize current;
		try {
			current = pool.size();
		}
		catch (UnsupportedOperationException | IllegalStateException ex) {
			throw new InvalidChangeException(field, "Cannot change '" + field + "' of datastore '" + datastore
					+ "': " + ex.getMessage());
		}
		int limit = maximumPoolSizeLimit(datastore, current);
		int newMaximum = (maximum != null) ? RequestValues.wholeNumber(MAXIMUM_POOL_SIZE, maximum, 1, limit)
				: current.maximumPoolSize();
		int newMinimum;
		if (minimum != null) {
			newMinimum = RequestValues.wholeNumber(MINIMUM_IDLE, minimum, 0, newMaximum);
		}
		else {
			boolean fixedSize = current.minimumIdle() == current.maximumPoolSize();
			newMinimum = fixedSize ? newMaximum : Math.min(current.minimumIdle(), newMaximum);
		}
		PoolSize size = new PoolSize(newMaximum, newMinimum);
		return new Change("pool", () -> pool.size().toString(), () -> pool.resize(size));
	}

	/**
	 * The largest maximum pool size a change may ask for: {@value #POOL_GROWTH_LIMIT} times the maximum the pool had
	 * before any change through the endpoint, at most {@value #POOL_SIZE_HARD_LIMIT} unless it was configured larger.
	 */
	private int maximumPoolSizeLimit(String datastore, PoolSize current) {
		int configured = this.configuredMaximumPoolSizes.computeIfAbsent(datastore,
				(name) -> current.maximumPoolSize());
		long grown = (long) configured * POOL_GROWTH_LIMIT;
		return (int) Math.max(configured, Math.min(grown, POOL_SIZE_HARD_LIMIT));
	}

	private @Nullable Change retry(String datastore, Map<String, @Nullable Object> request) {
		@Nullable Object maxRetries = request.get(MAX_RETRIES);
		@Nullable Object delay = request.get(RETRY_DELAY);
		@Nullable Object multiplier = request.get(RETRY_MULTIPLIER);
		@Nullable Object maxDelay = request.get(RETRY_MAX_DELAY);
		@Nullable Object jitter = request.get(RETRY_JITTER);
		if (maxRetries == null && delay == null && multiplier == null && maxDelay == null && jitter == null) {
			return null;
		}
		Retry retry = this.retrySettings.get(datastore);
		if (maxRetries != null) {
			retry.setMaxRetries(RequestValues.wholeNumber(MAX_RETRIES, maxRetries, 0, MAX_RETRIES_LIMIT));
		}
		if (delay != null) {
			retry.setDelay(RequestValues.duration(RETRY_DELAY, delay, Duration.ofMillis(1), RETRY_DELAY_LIMIT));
		}
		if (multiplier != null) {
			retry.setMultiplier(
					RequestValues.number(RETRY_MULTIPLIER, multiplier, 1, RETRY_MULTIPLIER_LIMIT, true));
		}
		if (maxDelay != null) {
			retry.setMaxDelay(
					RequestValues.duration(RETRY_MAX_DELAY, maxDelay, Duration.ofMillis(1), RETRY_MAX_DELAY_LIMIT));
		}
		if (jitter != null) {
			retry.setJitter(RequestValues.number(RETRY_JITTER, jitter, 0, 1, false));
		}
		RetryConfig config;
		try {
			config = ResilienceConfigs.retry(RETRY_PREFIX, retry);
		}
		catch (InvalidResilientDbPropertyException ex) {
			String field = RETRY_PROPERTIES.getOrDefault(ex.getProperty(), ex.getProperty());
			Object value = (ex.getValue() instanceof Duration duration) ? RequestValues.format(duration)
					: ex.getValue();
			String requirement = ex.getRequirement().contains("no shorter than")
					? "a duration no shorter than retryDelay (" + RequestValues.format(retry.getDelay()) + ")"
					: ex.getRequirement();
			throw RequestValues.invalid(field, value, requirement);
		}
		return new Change("retry", () -> RetrySettings.describe(this.retrySettings.get(datastore)), () -> {
			this.policies.replaceDatastoreRetry(datastore, config);
			this.retrySettings.set(datastore, retry);
		});
	}

	/**
	 * What an operator may do to a circuit breaker.
	 */
	enum BreakerAction {

		/**
		 * Back to closed, with an empty sliding window.
		 */
		RESET {
			@Override
			void apply(CircuitBreaker breaker) {
				breaker.reset();
			}
		},

		/**
		 * Open until told otherwise: every call is refused.
		 */
		FORCED_OPEN {
			@Override
			void apply(CircuitBreaker breaker) {
				breaker.transitionToForcedOpenState();
			}
		},

		/**
		 * Closed, keeping nothing of the sliding window.
		 */
		CLOSED {
			@Override
			void apply(CircuitBreaker breaker) {
				breaker.transitionToClosedState();
			}
		};

		abstract void apply(CircuitBreaker breaker);

	}

	private record Change(String field, Supplier<String> reader, Runnable action) {

		String read() {
			return this.reader.get();
		}

	}

}
