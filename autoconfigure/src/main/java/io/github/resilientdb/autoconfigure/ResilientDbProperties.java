package io.github.resilientdb.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.SlidingWindowType;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of resilient-db, under {@code resilientdb}.
 */
@ConfigurationProperties("resilientdb")
public class ResilientDbProperties {

	/**
	 * Whether resilient-db applies its policies to {@code @ResilientDb} methods.
	 */
	private boolean enabled = true;

	private final Metrics metrics = new Metrics();

	/**
	 * Per-datastore settings, keyed by datastore name ({@code jdbc}, {@code mongo}, {@code redis} or a name of your
	 * own with a {@code type}).
	 */
	private final Map<String, Datastore> datastores = new LinkedHashMap<>();

	/**
	 * Named retry policies, selected with {@code @ResilientDb(retry = "...")}; these add to and override the
	 * built-in {@code none}, {@code fast}, {@code standard} and {@code aggressive}.
	 */
	private final Map<String, Retry> retryPolicies = new LinkedHashMap<>();

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public Metrics getMetrics() {
		return this.metrics;
	}

	public Map<String, Datastore> getDatastores() {
		return this.datastores;
	}

	public Map<String, Retry> getRetryPolicies() {
		return this.retryPolicies;
	}

	/**
	 * Metrics settings.
	 */
	public static class Metrics {

		/**
		 * Whether the {@code resilientdb.calls} timer carries a {@code method} tag
		 * ({@code SimpleClassName.method}); bounded by the number of annotated methods.
		 */
		private boolean methodTag = true;

		/**
		 * Whether the circuit breakers also feed Resilience4j's own call timers
		 * ({@code resilience4j.circuitbreaker.calls}); this publishes an event on every call (about 100 ns and 150
		 * bytes), while {@code resilientdb.calls} already times every call by outcome.
		 */
		private boolean resilience4jCallTimers = false;

		public boolean isResilience4jCallTimers() {
			return this.resilience4jCallTimers;
		}

		public void setResilience4jCallTimers(boolean resilience4jCallTimers) {
			this.resilience4jCallTimers = resilience4jCallTimers;
		}

		public boolean isMethodTag() {
			return this.methodTag;
		}

		public void setMethodTag(boolean methodTag) {
			this.methodTag = methodTag;
		}

	}

	/**
	 * Settings of one datastore.
	 */
	public static class Datastore {

		/**
		 * Kind of datastore ({@code jdbc}, {@code mongo}, {@code redis}); defaults to the datastore's name.
		 */
		private @Nullable String type;

		/**
		 * Time budget of one @ResilientDb call, retries and backoff included; the drivers' timeouts of this kind
		 * of datastore default to shares of it.
		 */
		private Duration deadline = Duration.ofSeconds(5);

		private final CircuitBreaker circuitBreaker = new CircuitBreaker();

		private final DatastoreRetry retry = new DatastoreRetry();

		private final Bulkhead bulkhead = new Bulkhead();

		public @Nullable String getType() {
			return this.type;
		}

		public void setType(@Nullable String type) {
			this.type = type;
		}

		public Duration getDeadline() {
			return this.deadline;
		}

		public void setDeadline(Duration deadline) {
			this.deadline = deadline;
		}

		public CircuitBreaker getCircuitBreaker() {
			return this.circuitBreaker;
		}

		public DatastoreRetry getRetry() {
			return this.retry;
		}

		public Bulkhead getBulkhead() {
			return this.bulkhead;
		}

	}

	/**
	 * Circuit breaker settings of a datastore (by default a time-based sliding window).
	 */
	public static class CircuitBreaker {

		/**
		 * Failure rate, in percent (0-100], at or above which the breaker opens.
		 */
		private float failureRateThreshold = 50;

		/**
		 * Rate of slow calls, in percent (0-100], at or above which the breaker opens.
		 */
		private float slowCallRateThreshold = 80;

		/**
		 * Duration above which a call counts as slow.
		 */
		private Duration slowCallDurationThreshold = Duration.ofSeconds(2);

		/**
		 * Kind of sliding window the rates are computed over: TIME_BASED (the calls of the last
		 * sliding-window-size seconds) or COUNT_BASED (the last sliding-window-size calls).
		 */
		private SlidingWindowType slidingWindowType = SlidingWindowType.TIME_BASED;

		/**
		 * Size of the sliding window: seconds when time-based, calls when count-based.
		 */
		private int slidingWindowSize = 10;

		/**
		 * Minimum number of calls in the window before the failure rate is evaluated.
		 */
		private int minimumNumberOfCalls = 5;

		/**
		 * Whether a call that failed because the server could not be reached (connection refused, no route, a
		 * failed connection attempt behind a pool wait, a Redis connection that is down) opens the breaker at once,
		 * without waiting for the sliding window.
		 */
		private boolean openOnConnectionFailure = true;

		/**
		 * Time the breaker stays open before letting trial calls through.
		 */
		private Duration waitDurationInOpenState = Duration.ofSeconds(10);

		/**
		 * Number of trial calls let through while half-open.
		 */
		private int permittedNumberOfCallsInHalfOpenState = 5;

		public float getFailureRateThreshold() {
			return this.failureRateThreshold;
		}

		public void setFailureRateThreshold(float failureRateThreshold) {
			this.failureRateThreshold = failureRateThreshold;
		}

		public float getSlowCallRateThreshold() {
			return this.slowCallRateThreshold;
		}

		public void setSlowCallRateThreshold(float slowCallRateThreshold) {
			this.slowCallRateThreshold = slowCallRateThreshold;
		}

		public Duration getSlowCallDurationThreshold() {
			return this.slowCallDurationThreshold;
		}

		public void setSlowCallDurationThreshold(Duration slowCallDurationThreshold) {
			this.slowCallDurationThreshold = slowCallDurationThreshold;
		}

		public SlidingWindowType getSlidingWindowType() {
			return this.slidingWindowType;
		}

		public void setSlidingWindowType(SlidingWindowType slidingWindowType) {
			this.slidingWindowType = slidingWindowType;
		}

		public boolean isOpenOnConnectionFailure() {
			return this.openOnConnectionFailure;
		}

		public void setOpenOnConnectionFailure(boolean openOnConnectionFailure) {
			this.openOnConnectionFailure = openOnConnectionFailure;
		}

		public int getSlidingWindowSize() {
			return this.slidingWindowSize;
		}

		public void setSlidingWindowSize(int slidingWindowSize) {
			this.slidingWindowSize = slidingWindowSize;
		}

		public int getMinimumNumberOfCalls() {
			return this.minimumNumberOfCalls;
		}

		public void setMinimumNumberOfCalls(int minimumNumberOfCalls) {
			this.minimumNumberOfCalls = minimumNumberOfCalls;
		}

		public Duration getWaitDurationInOpenState() {
			return this.waitDurationInOpenState;
		}

		public void setWaitDurationInOpenState(Duration waitDurationInOpenState) {
			this.waitDurationInOpenState = waitDurationInOpenState;
		}

		public int getPermittedNumberOfCallsInHalfOpenState() {
			return this.permittedNumberOfCallsInHalfOpenState;
		}

		public void setPermittedNumberOfCallsInHalfOpenState(int permittedNumberOfCallsInHalfOpenState) {
			this.permittedNumberOfCallsInHalfOpenState = permittedNumberOfCallsInHalfOpenState;
		}

	}

	/**
	 * A retry policy: exponential backoff with jitter.
	 */
	public static class Retry {

		/**
		 * Maximum number of retries after the first attempt; 0 disables retrying.
		 */
		private int maxRetries = 2;

		/**
		 * Wait before the first retry.
		 */
		private Duration delay = Duration.ofMillis(50);

		/**
		 * Factor (>= 1) the wait grows by after each retry.
		 */
		private double multiplier = 2;

		/**
		 * Upper bound of the wait between retries.
		 */
		private Duration maxDelay = Duration.ofSeconds(1);

		/**
		 * Randomization factor [0-1) applied to every wait, so that callers do not retry in lockstep.
		 */
		private double jitter = 0.5;

		public Retry() {
		}

		Retry(int maxRetries, Duration delay, double multiplier, Duration maxDelay, double jitter) {
			this.maxRetries = maxRetries;
			this.delay = delay;
			this.multiplier = multiplier;
			this.maxDelay = maxDelay;
			this.jitter = jitter;
		}

		public int getMaxRetries() {
			return this.maxRetries;
		}

		public void setMaxRetries(int maxRetries) {
			this.maxRetries = maxRetries;
		}

		public Duration getDelay() {
			return this.delay;
		}

		public void setDelay(Duration delay) {
			this.delay = delay;
		}

		public double getMultiplier() {
			return this.multiplier;
		}

		public void setMultiplier(double multiplier) {
			this.multiplier = multiplier;
		}

		public Duration getMaxDelay() {
			return this.maxDelay;
		}

		public void setMaxDelay(Duration maxDelay) {
			this.maxDelay = maxDelay;
		}

		public double getJitter() {
			return this.jitter;
		}

		public void setJitter(double jitter) {
			this.jitter = jitter;
		}

	}

	/**
	 * The retry settings of a datastore: its default policy plus the retry budget shared by all its policies.
	 */
	public static class DatastoreRetry extends Retry {

		/**
		 * Whether a not-idempotent method that is not atomic (no transaction of its own, not a single-operation
		 * repository method) is retried after a failure proving that its failing operation was not applied. Safe
		 * only if such methods send a single operation: an earlier operation of the call may have been applied.
		 */
		private boolean nonAtomicWrites = false;

		private final Budget budget = new Budget();

		public boolean isNonAtomicWrites() {
			return this.nonAtomicWrites;
		}

		public void setNonAtomicWrites(boolean nonAtomicWrites) {
			this.nonAtomicWrites = nonAtomicWrites;
		}

		public Budget getBudget() {
			return this.budget;
		}

	}

	/**
	 * A retry budget: retries are allowed for at most {@code ratio} of the calls of the last ten seconds, plus
	 * {@code min-retries-per-second}, so that an outage never multiplies the load on a struggling database.
	 */
	public static class Budget {

		/**
		 * Fraction [0-1] of calls that may be retried.
		 */
		private double ratio = 0.2;

		/**
		 * Retries allowed each second regardless of the ratio, so that a quiet service can still retry.
		 */
		private int minRetriesPerSecond = 10;

		public double getRatio() {
			return this.ratio;
		}

		public void setRatio(double ratio) {
			this.ratio = ratio;
		}

		public int getMinRetriesPerSecond() {
			return this.minRetriesPerSecond;
		}

		public void setMinRetriesPerSecond(int minRetriesPerSecond) {
			this.minRetriesPerSecond = minRetriesPerSecond;
		}

	}

	/**
	 * Bulkhead settings of a datastore: a cap on concurrent calls.
	 */
	public static class Bulkhead {

		/**
		 * Maximum number of concurrent calls to the datastore.
		 */
		private int maxConcurrentCalls = 50;

		/**
		 * Maximum time a call waits for a free slot before it is rejected; 0 rejects at once.
		 */
		private Duration maxWait = Duration.ofMillis(100);

		public int getMaxConcurrentCalls() {
			return this.maxConcurrentCalls;
		}

		public void setMaxConcurrentCalls(int maxConcurrentCalls) {
			this.maxConcurrentCalls = maxConcurrentCalls;
		}

		public Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(Duration maxWait) {
			this.maxWait = maxWait;
		}

	}

}
