package io.github.resilientdb.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilientdb.autoconfigure.ResilientDbProperties.Retry;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.engine.DatastoreType;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ResilienceConfigsTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResilientDbAutoConfiguration.class))
		.withUserConfiguration(TestStoreConfiguration.class);

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource({
		"resilientdb.datastores.test.circuit-breaker.failure-rate-threshold, 0",
		"resilientdb.datastores.test.circuit-breaker.failure-rate-threshold, 101",
		"resilientdb.datastores.test.circuit-breaker.failure-rate-threshold, -5",
		"resilientdb.datastores.test.circuit-breaker.slow-call-rate-threshold, 0",
		"resilientdb.datastores.test.circuit-breaker.slow-call-rate-threshold, 100.5",
		"resilientdb.datastores.test.circuit-breaker.slow-call-duration-threshold, 0s",
		"resilientdb.datastores.test.circuit-breaker.slow-call-duration-threshold, -1s",
		"resilientdb.datastores.test.circuit-breaker.wait-duration-in-open-state, 0ms",
		"resilientdb.datastores.test.circuit-breaker.wait-duration-in-open-state, -10s",
		"resilientdb.datastores.test.circuit-breaker.sliding-window-size, 0",
		"resilientdb.datastores.test.circuit-breaker.minimum-number-of-calls, 0",
		"resilientdb.datastores.test.circuit-breaker.permitted-number-of-calls-in-half-open-state, 0",
		"resilientdb.datastores.test.retry.max-retries, -1",
		"resilientdb.datastores.test.retry.delay, 0ms",
		"resilientdb.datastores.test.retry.delay, -50ms",
		"resilientdb.datastores.test.retry.max-delay, 0ms",
		"resilientdb.datastores.test.retry.max-delay, 10ms",
		"resilientdb.datastores.test.retry.multiplier, 0.5",
		"resilientdb.datastores.test.retry.jitter, 1.0",
		"resilientdb.datastores.test.retry.jitter, -0.1",
		"resilientdb.datastores.test.retry.budget.ratio, 1.5",
		"resilientdb.datastores.test.retry.budget.ratio, -0.1",
		"resilientdb.datastores.test.retry.budget.min-retries-per-second, -1",
		"resilientdb.datastores.test.bulkhead.max-concurrent-calls, 0",
		"resilientdb.datastores.test.bulkhead.max-wait, -1ms",
		"resilientdb.retry-policies.custom.max-retries, -1",
		"resilientdb.retry-policies.custom.delay, -1ms",
		"resilientdb.retry-policies.custom.max-delay, 1ms",
		"resilientdb.retry-policies.custom.multiplier, 0.5",
		"resilientdb.retry-policies.custom.jitter, 1.0",
		"resilientdb.retry-policies.standard.jitter, 1.0",
		"resilientdb.datastores.test.type, cassandra" })
	void runWithInvalidPropertyShouldFailNamingProperty(String property, String value) {
		this.runner.withPropertyValues(property + "=" + value).run((context) -> {
			assertThat(context).hasFailed();
			InvalidResilientDbPropertyException failure = propertyFailure(context.getStartupFailure());
			assertThat(failure.getProperty()).isEqualTo(property);
			assertThat(failure.getMessage()).contains("'" + property + "'");
			FailureAnalysis analysis = new ResilientDbFailureAnalyzer().analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains(property);
			assertThat(analysis.getAction()).contains("'" + property + "'").contains(failure.getRequirement());
		});
	}

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource({
		"resilientdb.datastores.test.circuit-breaker.failure-rate-threshold, 100",
		"resilientdb.datastores.test.circuit-breaker.failure-rate-threshold, 0.1",
		"resilientdb.datastores.test.retry.max-retries, 0",
		"resilientdb.datastores.test.retry.multiplier, 1",
		"resilientdb.datastores.test.retry.jitter, 0",
		"resilientdb.datastores.test.retry.jitter, 0.99",
		"resilientdb.datastores.test.retry.max-delay, 50ms",
		"resilientdb.datastores.test.retry.budget.ratio, 0",
		"resilientdb.datastores.test.retry.budget.ratio, 1",
		"resilientdb.datastores.test.retry.budget.min-retries-per-second, 0",
		"resilientdb.datastores.test.bulkhead.max-wait, 0ms",
		"resilientdb.datastores.test.bulkhead.max-concurrent-calls, 1" })
	void runWithBoundaryValueShouldStart(String property, String value) {
		this.runner.withPropertyValues(property + "=" + value).run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void runWithDefaultsShouldStart() {
		this.runner.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void retryShouldTranslateSettings() {
		Retry retry = new Retry(3, Duration.ofMillis(100), 2, Duration.ofMillis(300), 0);
		RetryConfig config = ResilienceConfigs.retry("resilientdb.retry-policies.custom", retry);
		assertThat(config.getMaxAttempts()).isEqualTo(4);
		assertThat(config.getIntervalBiFunction().apply(1, null)).isEqualTo(100);
		assertThat(config.getIntervalBiFunction().apply(2, null)).isEqualTo(200);
		assertThat(config.getIntervalBiFunction().apply(3, null)).isEqualTo(300);
		assertThat(config.getIntervalBiFunction().apply(4, null)).isEqualTo(300);
		assertThat(config.getExceptionPredicate().test(new IllegalStateException())).isTrue();
	}

	@Test
	void retryWithJitterShouldStayWithinJitterBounds() {
		Retry retry = new Retry(3, Duration.ofMillis(100), 1, Duration.ofMillis(100), 0.5);
		RetryConfig config = ResilienceConfigs.retry("resilientdb.retry-policies.custom", retry);
		for (int attempt = 0; attempt < 50; attempt++) {
			assertThat(config.getIntervalBiFunction().apply(1, null)).isBetween(50L, 150L);
		}
	}

	@Test
	void retryPoliciesShouldIncludeBuiltInsOverriddenByConfiguration() {
		Retry standard = new Retry(7, Duration.ofMillis(10), 2, Duration.ofMillis(100), 0);
		Map<String, RetryConfig> policies = ResilienceConfigs.retryPolicies(Map.of("standard", standard));
		assertThat(policies).containsOnlyKeys("none", "fast", "standard", "aggressive");
		assertThat(policies.get("none").getMaxAttempts()).isOne();
		assertThat(policies.get("fast").getMaxAttempts()).isEqualTo(3);
		assertThat(policies.get("standard").getMaxAttempts()).isEqualTo(8);
		assertThat(policies.get("aggressive").getMaxAttempts()).isEqualTo(6);
	}

	@Test
	void circuitBreakerShouldIgnoreFailuresThatAreNotTheDatastores() {
		ErrorClassification classification = new ErrorClassification(List.of((error) -> {
			if (error instanceof IllegalArgumentException) {
				return ErrorCategory.BUSINESS;
			}
			return (error instanceof IllegalStateException) ? ErrorCategory.NOT_SENT : null;
		}));
		CircuitBreakerConfig config = ResilienceConfigs.circuitBreaker("resilientdb.datastores.test.circuit-breaker",
				new ResilientDbProperties.CircuitBreaker(), classification);
		assertThat(config.getIgnoreExceptionPredicate().test(new IllegalArgumentException())).isTrue();
		assertThat(config.getIgnoreExceptionPredicate().test(new IllegalStateException())).isFalse();
		assertThat(config.getIgnoreExceptionPredicate().test(new UnsupportedOperationException())).isTrue();
		assertThat(config.getSlidingWindowType()).isEqualTo(CircuitBreakerConfig.SlidingWindowType.TIME_BASED);
		assertThat(config.getSlidingWindowSize()).isEqualTo(10);
		assertThat(config.getMinimumNumberOfCalls()).isEqualTo(5);
		assertThat(config.getFailureRateThreshold()).isEqualTo(50);
	}

	@Test
	void bulkheadShouldTranslateSettings() {
		ResilientDbProperties.Bulkhead bulkhead = new ResilientDbProperties.Bulkhead();
		bulkhead.setMaxConcurrentCalls(4);
		bulkhead.setMaxWait(Duration.ZERO);
		BulkheadConfig config = ResilienceConfigs.bulkhead("resilientdb.datastores.test.bulkhead", bulkhead);
		assertThat(config.getMaxConcurrentCalls()).isEqualTo(4);
		assertThat(config.getMaxWaitDuration()).isZero();
	}

	static InvalidResilientDbPropertyException propertyFailure(Throwable startupFailure) {
		assertThat(startupFailure).isNotNull();
		Throwable cause = startupFailure;
		while (cause != null && !(cause instanceof InvalidResilientDbPropertyException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("InvalidResilientDbPropertyException in %s", startupFailure).isNotNull();
		return (InvalidResilientDbPropertyException) cause;
	}

	@Configuration(proxyBeanMethods = false)
	static class TestStoreConfiguration {

		@Bean
		DatastoreType testDatastoreType() {
			return new DatastoreType("test", (error) -> null, List.of());
		}

	}

	@Test
	void retryPoliciesWhenOneKeyOfBuiltInPolicyIsSetShouldKeepItsOtherValues() {
		Binder binder = new Binder(new MapConfigurationPropertySource(
				Map.of("resilientdb.retry-policies.standard.max-retries", "4")));
		Map<String, RetryConfig> policies = ResilienceConfigs.retryPolicies(Map.of(), binder);
		RetryConfig standard = policies.get("standard");
		assertThat(standard.getMaxAttempts()).isEqualTo(5);
		// standard waits 100 ms (+/- 50 % jitter) first and at most 2 s, not the generic 50 ms and 1 s
		assertThat(standard.getIntervalBiFunction().apply(1, null)).isBetween(50L, 150L);
		assertThat(standard.getIntervalBiFunction().apply(10, null)).isBetween(1000L, 2000L);
		assertThat(policies.get("fast").getMaxAttempts()).isEqualTo(3);
	}

	@Test
	void oneDecisiveFailureShouldOpenClosedBreaker() {
		CircuitBreaker breaker = breaker(true);
		breaker.acquirePermission();
		breaker.onError(1, TimeUnit.MILLISECONDS, new RedisConnectionException("Unable to connect"));
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
	}

	@Test
	void oneDecisiveFailureShouldNotOpenBreakerWhenSwitchedOff() {
		CircuitBreaker breaker = breaker(false);
		breaker.acquirePermission();
		breaker.onError(1, TimeUnit.MILLISECONDS, new RedisConnectionException("Unable to connect"));
		assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
	}

	@Test
	void defaultsShouldBeTimeBasedWithSmallMinimum() {
		CircuitBreakerConfig config = ResilienceConfigs.circuitBreaker("p", new ResilientDbProperties.CircuitBreaker(),
				ALL_NOT_SENT);
		assertThat(config.getSlidingWindowType()).isEqualTo(CircuitBreakerConfig.SlidingWindowType.TIME_BASED);
		assertThat(config.getSlidingWindowSize()).isEqualTo(10);
		assertThat(config.getMinimumNumberOfCalls()).isEqualTo(5);
	}

	private static final ErrorClassification ALL_NOT_SENT = new ErrorClassification(
			List.of((error) -> ErrorCategory.NOT_SENT));

	private static CircuitBreaker breaker(boolean openOnConnectionFailure) {
		ResilientDbProperties.CircuitBreaker settings = new ResilientDbProperties.CircuitBreaker();
		settings.setOpenOnConnectionFailure(openOnConnectionFailure);
		return CircuitBreaker.of("test", ResilienceConfigs.circuitBreaker("p", settings, ALL_NOT_SENT));
	}

}
