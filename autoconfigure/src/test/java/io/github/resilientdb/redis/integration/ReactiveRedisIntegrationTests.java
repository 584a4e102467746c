package io.github.resilientdb.redis.integration;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.retry.Retry;
import io.github.resilientdb.DatabaseUnavailableException;
import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.redis.PrivateRedisExtension;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * {@code @ResilientDb} methods returning {@code Mono}, {@code Flux} and {@code CompletionStage} of Spring Data Redis's
 * reactive template
 * (Lettuce), against a private Redis through a fault-injecting proxy: the failures are real, and the retries,
 * breaker outcomes and rejections are those of the datastore's own policy, delivered as signals.
 */
class ReactiveRedisIntegrationTests {

	private static final String LOOPBACK = "127.0.0.1";

	private static final Duration WAIT = Duration.ofSeconds(10);

	/**
	 * A refused connection no longer opens the breaker on its own, so that it is retried like any failure proven not
	 * sent.
	 */
	private static final String NOT_DECISIVE = "resilientdb.datastores.redis.circuit-breaker."
			+ "open-on-connection-failure=false";

	@RegisterExtension
	static final PrivateRedisExtension redis = new PrivateRedisExtension();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				DataRedisReactiveAutoConfiguration.class, RedisResilientDbAutoConfiguration.class,
				ResilientDbAutoConfiguration.class))
		.withUserConfiguration(ReactiveCountersConfiguration.class)
		.withPropertyValues("spring.data.redis.timeout=2s", "spring.data.redis.connect-timeout=1s",
				"resilientdb.datastores.redis.retry.delay=100ms",
				"resilientdb.datastores.redis.retry.budget.min-retries-per-second=100",
				// Every not-idempotent method here sends one command: its category alone decides.
				"resilientdb.datastores.redis.retry.non-atomic-writes=true");

	@Test
	void idempotentMonoReadIsRetriedAfterConnectionResetAndSucceeds() throws Exception {
		redis.probe().commands().set("key", "value");
		try (FaultProxy proxy = FaultProxy.to(LOOPBACK, redis.port())) {
			run(proxy, (app) -> {
				assertThat(app.counters().get("warm-up").blockOptional(WAIT)).isEmpty();
				List<Throwable> retried = app.onRetry((failure) -> { });
				proxy.latency(Duration.ofMillis(500));
				CompletableFuture<String> get = app.counters().get("key").toFuture();
				redis.probe().awaitReceived("get", (received) -> received == 2);
				proxy.resetLiveConnections();
				proxy.pass();
				assertThat(get.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("value");
				assertThat(retried).singleElement()
					.satisfies((failure) -> assertThat(failure).rootCause().hasMessageContaining("Connection reset"))
					.satisfies((failure) -> assertThat(app.classify(failure)).isEqualTo(ErrorCategory.MAYBE_APPLIED));
				assertThat(app.retries()).isOne();
				assertThat(app.breaker().getMetrics().getNumberOfSuccessfulCalls()).as("one outcome per call")
					.isEqualTo(2);
				assertThat(app.breaker().getMetrics().getNumberOfFailedCalls()).isZero();
				assertThat(app.calls("success")).isEqualTo(2);
				assertThat(app.calls("failure")).isZero();
			});
		}
	}

	@Test
	void notIdempotentMonoWriteIsNotRetriedAfterMaybeApplied() throws Exception {
		try (FaultProxy proxy = FaultProxy.to(LOOPBACK, redis.port())) {
			run(proxy, (app) -> {
				app.counters().get("warm-up").blockOptional(WAIT);
				proxy.latency(Duration.ofMillis(500));
				CompletableFuture<Long> incr = app.counters().incr("counter").toFuture();
				redis.probe().awaitReceived("incr", (received) -> received == 1);
				proxy.resetLiveConnections();
				proxy.pass();
				Throwable failure = failureOf(incr);
				assertThat(failure).rootCause().hasMessageContaining("Connection reset");
				assertThat(app.classify(failure)).isEqualTo(ErrorCategory.MAYBE_APPLIED);
				assertThat(app.retries()).isZero();
				assertThat(redis.probe().received("incr")).isOne();
				assertThat(redis.probe().commands().get("counter")).as("applied once, not repeated").isEqualTo("1");
				assertThat(app.breaker().getMetrics().getNumberOfFailedCalls()).isOne();
				assertThat(app.calls("failure")).isOne();
			});
		}
	}

	@Test
	void notIdempotentMonoWriteIsRetriedAfterNotSent() throws Exception {
		try (FaultProxy proxy = FaultProxy.to(LOOPBACK, redis.port())) {
			proxy.refuseNewConnections();
			run(proxy, (app) -> {
				List<Throwable> retried = app.onRetry((failure) -> proxy.pass());
				CompletableFuture<Long> incr = app.counters().incr("counter").toFuture();
				assertThat(incr).as("the retry's backoff waits on a timer, not on the subscribing thread").isNotDone();
				assertThat(incr.get(WAIT.toSeconds(), TimeUnit.SECONDS)).isOne();
				assertThat(retried).singleElement()
					.satisfies((failure) -> assertThat(failure).isInstanceOf(RedisConnectionFailureException.class))
					.satisfies((failure) -> assertThat(app.classify(failure)).isEqualTo(ErrorCategory.NOT_SENT));
				assertThat(app.retries()).isOne();
				assertThat(redis.probe().received("incr")).isOne();
				assertThat(redis.probe().commands().get("counter")).isEqualTo("1");
			}, NOT_DECISIVE);
		}
	}

	@Test
	void refusedRedisWhenFirstCalledShouldMakeOneAttemptAndLeaveTheBreakerOpen() throws Exception {
		try (FaultProxy proxy = FaultProxy.to(LOOPBACK, redis.port())) {
			proxy.refuseNewConnections();
			run(proxy, (app) -> {
				List<Throwable> retried = app.onRetry((failure) -> { });
				Throwable failure = failureOf(app.counters().get("key").toFuture());
				assertThat(failure).isInstanceOf(RedisConnectionFailureException.class);
				assertThat(app.classify(failure)).isEqualTo(ErrorCategory.NOT_SENT);
				assertThat(app.counters().getAttempts()).as("attempts of the first call").isOne();
				assertThat(retried).isEmpty();
				assertThat(app.retries()).isZero();
				assertThat(app.retry().getMetrics().getNumberOfFailedCallsWithoutRetryAttempt()).isOne();
				assertThat(app.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
				assertThat(app.breaker().getMetrics().getNumberOfFailedCalls()).as("one outcome for the call").isOne();
				assertThat(failureOf(app.counters().get("key").toFuture()))
					.isInstanceOf(DatabaseUnavailableException.class);
				assertThat(app.counters().getAttempts()).as("attempts once the breaker is open").isOne();
			});
		}
	}

	@Test
	void openBreakerRejectsWithAnErrorSignalNotAtAssembly() throws Exception {
		try (FaultProxy proxy = FaultProxy.to(LOOPBACK, redis.port())) {
			proxy.refuseNewConnections();
			run(proxy, (app) -> {
				assertThat(failureOf(app.counters().get("key").toFuture()))
					.isInstanceOf(RedisConnectionFailureException.class);
				assertThat(app.breaker().getState()).as("opened by the refused connection")
					.isEqualTo(CircuitBreaker.State.OPEN);
				int attempts = app.counters().getAttempts();

				proxy.pass();
				Mono<String> get = assertAssembles(() -> app.counters().get("key"));
				Flux<String> range = assertAssembles(() -> app.counters().range("list"));
				CompletionStage<String> later = assertAssembles(() -> app.counters().getLater("key"));
				assertThat(failureOf(get.toFuture())).isInstanceOf(DatabaseUnavailableException.class)
					.hasMessageContaining("Circuit breaker of datastore 'redis' is OPEN");
				assertThat(failureOf(range.collectList().toFuture())).isInstanceOf(DatabaseUnavailableException.class);
				assertThat(failureOf(later.toCompletableFuture())).isInstanceOf(DatabaseUnavailableException.class);
				assertThat(redis.probe().received("get") + redis.probe().received("lrange")).as("nothing sent").isZero();
				assertThat(app.counters().getAttempts()).as("the rejected calls never subscribed").isEqualTo(attempts);
				assertThat(app.counters().stageCalls()).as("the rejected call was never made").isZero();
				assertThat(app.calls("rejected")).isEqualTo(3);
				assertThat(app.calls("failure")).isOne();
			});
		}
	}

	@Test
	void fluxIsRetriedAfterConnectionResetBeforeItsFirstElement() throws Exception {
		redis.probe().commands().rpush("list", "a", "b", "c");
		try (FaultProxy proxy = FaultProxy.to(LOOPBACK, redis.port())) {
			run(proxy, (app) -> {
				app.counters().get("warm-up").blockOptional(WAIT);
				proxy.latency(Duration.ofMillis(500));
				CompletableFuture<List<String>> range = app.counters().range("list").collectList().toFuture();
				redis.probe().awaitReceived("lrange", (received) -> received == 1);
				proxy.resetLiveConnections();
				proxy.pass();
				assertThat(range.get(WAIT.toSeconds(), TimeUnit.SECONDS)).containsExactly("a", "b", "c");
				assertThat(app.retries()).isOne();
				assertThat(redis.probe().received("lrange")).isEqualTo(2);
				assertThat(app.calls("success")).isEqualTo(2);
			});
		}
	}

	@Test
	void completionStageReadIsCalledAgainAfterConnectionResetAndSucceeds() throws Exception {
		redis.probe().commands().set("key", "value");
		try (FaultProxy proxy = FaultProxy.to(LOOPBACK, redis.port())) {
			run(proxy, (app) -> {
				app.counters().get("warm-up").blockOptional(WAIT);
				proxy.latency(Duration.ofMillis(500));
				CompletionStage<String> get = app.counters().getLater("key");
				redis.probe().awaitReceived("get", (received) -> received == 2);
				proxy.resetLiveConnections();
				proxy.pass();
				assertThat(get.toCompletableFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS)).isEqualTo("value");
				assertThat(app.counters().stageCalls()).as("the method is called again for the retry").isEqualTo(2);
				assertThat(app.retries()).isOne();
				assertThat(app.breaker().getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(2);
				assertThat(app.breaker().getMetrics().getNumberOfFailedCalls()).isZero();
			});
		}
	}

	@Test
	void completionStageWriteIsNotRetriedAfterMaybeAppliedAndIsRejectedByTheOpenBreaker() throws Exception {
		try (FaultProxy proxy = FaultProxy.to(LOOPBACK, redis.port())) {
			run(proxy, (app) -> {
				app.counters().get("warm-up").blockOptional(WAIT);
				proxy.latency(Duration.ofMillis(500));
				CompletableFuture<Long> incr = app.counters().incrLater("counter");
				redis.probe().awaitReceived("incr", (received) -> received == 1);
				proxy.resetLiveConnections();
				proxy.pass();
				Throwable failure = failureOf(incr);
				assertThat(app.classify(failure)).isEqualTo(ErrorCategory.MAYBE_APPLIED);
				assertThat(app.counters().stageCalls()).isOne();
				assertThat(app.retries()).isZero();
				assertThat(redis.probe().commands().get("counter")).isEqualTo("1");

				app.breaker().transitionToOpenState();
				CompletableFuture<Long> rejected = assertAssembles(() -> app.counters().incrLater("counter"));
				assertThat(failureOf(rejected)).isInstanceOf(DatabaseUnavailableException.class);
				assertThat(app.counters().stageCalls()).as("not called while the breaker is open").isOne();
				assertThat(app.calls("rejected")).isOne();
			});
		}
	}

	private static <T> T assertAssembles(Callable<T> assembly) {
		List<T> assembled = new ArrayList<>();
		assertThatCode(() -> assembled.add(assembly.call())).as("no exception at assembly")
			.doesNotThrowAnyException();
		return assembled.get(0);
	}

	private static Throwable failureOf(CompletableFuture<?> outcome) throws Exception {
		try {
			outcome.get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
		throw new AssertionError("the call succeeded");
	}

	private void run(FaultProxy proxy, AppTest test, String... properties) {
		this.runner.withPropertyValues("spring.data.redis.url=redis://" + LOOPBACK + ":" + proxy.port())
			.withPropertyValues(properties)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				test.accept(new App(context));
			});
	}

	@FunctionalInterface
	private interface AppTest {

		void accept(App app) throws Throwable;

	}

	/**
	 * The application under test, and what resilient-db recorded about its calls.
	 */
	private record App(AssertableApplicationContext context) {

		ReactiveCounters counters() {
			return this.context.getBean(ReactiveCounters.class);
		}

		ErrorCategory classify(Throwable failure) {
			return this.context.getBean(ErrorClassification.class).classify(failure);
		}

		double retries() {
			return meters().get("resilientdb.retries").tag("datastore", "redis").counter().count();
		}

		long calls(String outcome) {
			return meters().get("resilientdb.calls").tag("datastore", "redis").tag("outcome", outcome).timers()
				.stream()
				.mapToLong((timer) -> timer.count())
				.sum();
		}

		private MeterRegistry meters() {
			return this.context.getBean(MeterRegistry.class);
		}

		CircuitBreaker breaker() {
			return this.context.getBean(ResilientDbRegistries.class).circuitBreakers().find("redis").orElseThrow();
		}

		Retry retry() {
			return this.context.getBean(ResilientDbRegistries.class).retries().find("redis").orElseThrow();
		}

		List<Throwable> onRetry(Consumer<Throwable> action) {
			return RedisRetries.onRetry(this.context, action);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReactiveCountersConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		ReactiveCounters reactiveCounters(ReactiveStringRedisTemplate redis) {
			return new ReactiveCounters(redis);
		}

	}

	/**
	 * Reactive Redis operations behind {@code @ResilientDb}, each declaring whether it may run twice.
	 */
	static class ReactiveCounters {

		private final ReactiveStringRedisTemplate redis;

		private final AtomicInteger getAttempts = new AtomicInteger();

		private final AtomicInteger stageCalls = new AtomicInteger();

		ReactiveCounters(ReactiveStringRedisTemplate redis) {
			this.redis = redis;
		}

		@ResilientDb(datastore = "redis", idempotency = Idempotency.IDEMPOTENT)
		public Mono<String> get(String key) {
			return this.redis.opsForValue()
				.get(key)
				.doOnSubscribe((subscription) -> this.getAttempts.incrementAndGet());
		}

		@ResilientDb(datastore = "redis", idempotency = Idempotency.NOT_IDEMPOTENT)
		public Mono<Long> incr(String key) {
			return this.redis.opsForValue().increment(key);
		}

		@ResilientDb(datastore = "redis", idempotency = Idempotency.IDEMPOTENT)
		public Flux<String> range(String key) {
			return this.redis.opsForList().range(key, 0, -1);
		}

		@ResilientDb(datastore = "redis", idempotency = Idempotency.IDEMPOTENT)
		public CompletionStage<String> getLater(String key) {
			this.stageCalls.incrementAndGet();
			return this.redis.opsForValue().get(key).toFuture();
		}

		@ResilientDb(datastore = "redis", idempotency = Idempotency.NOT_IDEMPOTENT)
		public CompletableFuture<Long> incrLater(String key) {
			this.stageCalls.incrementAndGet();
			return this.redis.opsForValue().increment(key).toFuture();
		}

		/**
		 * How many times a {@link #get(String)} pipeline was subscribed to: once for each attempt.
		 */
		int getAttempts() {
			return this.getAttempts.get();
		}

		int stageCalls() {
			return this.stageCalls.get();
		}

	}

}
