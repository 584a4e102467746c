package io.github.resilientdb.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilientdb.autoconfigure.ResilientDbProperties.Bulkhead;
import io.github.resilientdb.autoconfigure.ResilientDbProperties.CircuitBreaker;
import io.github.resilientdb.autoconfigure.ResilientDbProperties.Retry;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.engine.ConnectionFailureTransition;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;

/**
 * Validates resilient-db properties and turns them into Resilience4j configurations. Every invalid value is reported
 * with the full name of its property.
 */
public final class ResilienceConfigs {

	static final String PREFIX = "resilientdb.";

	private ResilienceConfigs() {
	}

	/**
	 * The built-in retry policies, replaced and extended by {@code resilientdb.retry-policies}.
	 * @param configured the configured policies
	 * @return all policies by name
	 */
	static Map<String, RetryConfig> retryPolicies(Map<String, Retry> configured) {
		return retryPolicies(configured, null);
	}

	/**
	 * The built-in retry policies, overridden key by key and extended by {@code resilientdb.retry-policies}.
	 * @param configured the configured policies
	 * @param binder binds the keys configured for a built-in policy onto it, so that setting one key keeps the
	 * policy's other values; {@code null} to replace built-in policies wholesale
	 * @return all policies by name
	 */
	static Map<String, RetryConfig> retryPolicies(Map<String, Retry> configured, @Nullable Binder binder) {
		Map<String, Retry> policies = new LinkedHashMap<>();
		policies.put("none", new Retry(0, Duration.ofMillis(50), 2, Duration.ofSeconds(1), 0.5));
		policies.put("fast", new Retry(2, Duration.ofMillis(10), 2, Duration.ofMillis(100), 0.5));
		policies.put("standard", new Retry(3, Duration.ofMillis(100), 2, Duration.ofSeconds(2), 0.5));
		policies.put("aggressive", new Retry(5, Duration.ofMillis(100), 2, Duration.ofSeconds(5), 0.5));
		if (binder != null) {
			policies.replaceAll((name, builtIn) -> binder
				.bind(PREFIX + "retry-policies." + name, Bindable.ofInstance(builtIn))
				.orElse(builtIn));
			configured.forEach(policies::putIfAbsent);
		}
		else {
			policies.putAll(configured);
		}
		Map<String, RetryConfig> configs = new LinkedHashMap<>();
		policies.forEach((name, retry) -> configs.put(name, retry(PREFIX + "retry-policies." + name, retry)));
		return configs;
	}

	/**
	 * Validates a retry policy and turns it into a Resilience4j configuration.
	 * @param prefix the property prefix of the policy, used to name an invalid value
	 * @param retry the policy
	 * @return the configuration
	 * @throws InvalidResilientDbPropertyException if a value is invalid
	 */
	public static RetryConfig retry(String prefix, Retry retry) {
		atLeast(prefix + ".max-retries", retry.getMaxRetries(), 0);
		positive(prefix + ".delay", retry.getDelay());
		positive(prefix + ".max-delay", retry.getMaxDelay());
		if (retry.getMaxDelay().compareTo(retry.getDelay()) < 0) {
			throw new InvalidResilientDbPropertyException(prefix + ".max-delay", retry.getMaxDelay(),
					"a duration no shorter than " + prefix + ".delay (" + retry.getDelay() + ")");
		}
		if (!(retry.getMultiplier() >= 1)) {
			throw new InvalidResilientDbPropertyException(prefix + ".multiplier", retry.getMultiplier(),
					"a number of at least 1");
		}
		if (!(retry.getJitter() >= 0 && retry.getJitter() < 1)) {
			throw new InvalidResilientDbPropertyException(prefix + ".jitter", retry.getJitter(),
					"a number from 0 (inclusive) to 1 (exclusive)");
		}
		IntervalFunction backoff = (retry.getJitter() > 0)
				? IntervalFunction.ofExponentialRandomBackoff(retry.getDelay(), retry.getMultiplier(),
						retry.getJitter(), retry.getMaxDelay())
				: IntervalFunction.ofExponentialBackoff(retry.getDelay(), retry.getMultiplier(), retry.getMaxDelay());
		// resilient-db decides which failures are retried before asking the Retry, so the Retry takes them all.
		return RetryConfig.custom()
			.maxAttempts(retry.getMaxRetries() + 1)
			.intervalFunction(backoff)
			.retryOnException((failure) -> true)
			.failAfterMaxAttempts(false)
			.writableStackTraceEnabled(false)
			.build();
	}

	static CircuitBreakerConfig circuitBreaker(String prefix, CircuitBreaker breaker, ErrorClassification classifier) {
		percentage(prefix + ".failure-rate-threshold", breaker.getFailureRateThreshold());
		percentage(prefix + ".slow-call-rate-threshold", breaker.getSlowCallRateThreshold());
		positive(prefix + ".slow-call-duration-threshold", breaker.getSlowCallDurationThreshold());
		positive(prefix + ".wait-duration-in-open-state", breaker.getWaitDurationInOpenState());
		atLeast(prefix + ".sliding-window-size", breaker.getSlidingWindowSize(), 1);
		atLeast(prefix + ".minimum-number-of-calls", breaker.getMinimumNumberOfCalls(), 1);
		atLeast(prefix + ".permitted-number-of-calls-in-half-open-state",
				breaker.getPermittedNumberOfCallsInHalfOpenState(), 1);
		if (breaker.getSlidingWindowType() == null) {
			throw new InvalidResilientDbPropertyException(prefix + ".sliding-window-type", null,
					"TIME_BASED or COUNT_BASED");
		}
		CircuitBreakerConfig.Builder config = CircuitBreakerConfig.custom()
			.slidingWindowType(breaker.getSlidingWindowType())
			.slidingWindowSize(breaker.getSlidingWindowSize())
			.minimumNumberOfCalls(breaker.getMinimumNumberOfCalls())
			.failureRateThreshold(breaker.getFailureRateThreshold())
			.slowCallRateThreshold(breaker.getSlowCallRateThreshold())
			.slowCallDurationThreshold(breaker.getSlowCallDurationThreshold())
			.waitDurationInOpenState(breaker.getWaitDurationInOpenState())
			.permittedNumberOfCallsInHalfOpenState(breaker.getPermittedNumberOfCallsInHalfOpenState())
			.ignoreException((failure) -> !classifier.classify(failure).isBreakerFailure())
			.writableStackTraceEnabled(false);
		if (breaker.isOpenOnConnectionFailure()) {
			config.transitionOnResult(
					new ConnectionFailureTransition(classifier, breaker.getWaitDurationInOpenState()));
		}
		return config.build();
	}

	static BulkheadConfig bulkhead(String prefix, Bulkhead bulkhead) {
		atLeast(prefix + ".max-concurrent-calls", bulkhead.getMaxConcurrentCalls(), 1);
		if (bulkhead.getMaxWait() == null || bulkhead.getMaxWait().isNegative()) {
			throw new InvalidResilientDbPropertyException(prefix + ".max-wait", bulkhead.getMaxWait(),
					"a duration of zero or more");
		}
		return BulkheadConfig.custom()
			.maxConcurrentCalls(bulkhead.getMaxConcurrentCalls())
			.maxWaitDuration(bulkhead.getMaxWait())
			.writableStackTraceEnabled(false)
			.build();
	}

	static void budget(String prefix, ResilientDbProperties.Budget budget) {
		if (!(budget.getRatio() >= 0 && budget.getRatio() <= 1)) {
			throw new InvalidResilientDbPropertyException(prefix + ".ratio", budget.getRatio(),
					"a fraction from 0 to 1");
		}
		atLeast(prefix + ".min-retries-per-second", budget.getMinRetriesPerSecond(), 0);
	}

	private static void percentage(String property, float value) {
		if (!(value > 0 && value <= 100)) {
			throw new InvalidResilientDbPropertyException(property, value, "a percentage above 0 and at most 100");
		}
	}

	private static void positive(String property, Duration value) {
		if (value == null || value.isNegative() || value.isZero()) {
			throw new InvalidResilientDbPropertyException(property, value, "a positive duration such as 500ms");
		}
	}

	private static void atLeast(String property, int value, int minimum) {
		if (value < minimum) {
			throw new InvalidResilientDbPropertyException(property, value, "a whole number of at least " + minimum);
		}
	}

}
