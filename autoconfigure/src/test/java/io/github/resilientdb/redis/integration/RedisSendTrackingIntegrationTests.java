package io.github.resilientdb.redis.integration;

import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.engine.SendTracker;
import io.github.resilientdb.engine.SendTrackerMarks;
import io.github.resilientdb.redis.PrivateRedisExtension;
import io.github.resilientdb.redis.autoconfigure.RedisPoolAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import io.github.resilientdb.test.proxy.FaultProxy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisReactiveAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.PoolException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * "Was anything sent?" known from Lettuce's command events, on a private Redis server over real connections: a plain
 * not-idempotent method (no transaction, not a repository, so not atomic) of two commands whose first never reached
 * the server is retried; one whose first command was applied and whose second never left is not. Commands are
 * counted on the server ({@code INFO commandstats}).
 */
class RedisSendTrackingIntegrationTests {

	private static final String NOT_CONNECTED = "Currently not connected. Commands are rejected.";

	@RegisterExtension
	static final PrivateRedisExtension redis = new PrivateRedisExtension();

	/**
	 * A refused connection is retried only when it does not open the breaker, which it does by default; these tests
	 * use it as the simplest "nothing was sent" failure.
	 */
	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				DataRedisReactiveAutoConfiguration.class, RedisPoolAutoConfiguration.class,
				RedisResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class))
		.withUserConfiguration(Writers.class)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.timeout=2s",
				"resilientdb.datastores.redis.retry.delay=10ms", "resilientdb.datastores.redis.retry.max-delay=50ms",
				"resilientdb.datastores.redis.retry.budget.min-retries-per-second=1000",
				"resilientdb.datastores.redis.circuit-breaker.open-on-connection-failure=false");

	@Test
	void firstCommandThatNeverReachedTheServerShouldBeRetried() {
		try (FaultProxy proxy = FaultProxy.to("127.0.0.1", redis.port())) {
			proxy.refuseNewConnections();
			run(proxy, (app) -> {
				assertThat(app.sendTracker()).isNotNull().satisfies((tracker) -> assertThat(tracker.isTracked()).isTrue());
				List<Throwable> retried = app.onRetry((failure) -> proxy.pass());
				assertThat(app.writer().countAndLog("ada")).isOne();
				assertThat(retried).singleElement()
					.satisfies((failure) -> assertThat(failure).isInstanceOf(RedisConnectionFailureException.class))
					.satisfies((failure) -> assertThat(app.classify(failure)).isEqualTo(ErrorCategory.NOT_SENT));
				assertThat(app.writer().attempts()).isEqualTo(2);
				assertThat(redis.probe().received("incr")).as("the first attempt sent nothing").isOne();
				assertThat(redis.probe().commands().get("visits")).isEqualTo("1");
				assertThat(redis.probe().commands().lrange("visitors", 0, -1)).containsExactly("ada");
			});
		}
	}

	@Test
	void withTrackingOffTheAtomicRuleShouldDecide() {
		try (FaultProxy proxy = FaultProxy.to("127.0.0.1", redis.port())) {
			proxy.refuseNewConnections();
			run(proxy, (app) -> {
				assertThat(app.sendTracker()).isNull();
				Throwable failure = catchThrowable(() -> app.writer().countAndLog("ada"));
				assertThat(app.classify(failure)).isEqualTo(ErrorCategory.NOT_SENT);
				assertThat(app.writer().attempts()).as("not atomic, not idempotent: not retried").isOne();
			}, "resilientdb.redis.send-tracking.enabled=false");
		}
	}

	/**
	 * The pool has two connections: the shared one, which Spring Data Redis borrows for good, and one for blocking
	 * commands, held by another caller. The method's {@code BLPOP} needs that one and fails when the pool's wait is
	 * over, before anything was handed to Lettuce: retried once the holder let go.
	 */
	@Test
	void firstCommandThatFoundThePoolExhaustedShouldBeRetried() {
		pooled((app, holder) -> {
			List<Throwable> retried = app.onRetry((failure) -> release(holder));
			assertThat(app.writer().waitAndCount("queue")).isOne();
			assertThat(retried).singleElement()
				.satisfies((failure) -> assertThat(failure).hasCauseInstanceOf(PoolException.class))
				.satisfies((failure) -> assertThat(app.classify(failure)).isEqualTo(ErrorCategory.NOT_SENT));
			assertThat(app.writer().attempts()).isEqualTo(2);
			assertThat(redis.probe().received("blpop")).as("the holder's and the retry's").isEqualTo(2);
			assertThat(redis.probe().commands().get("visits")).isEqualTo("1");
		});
	}

	/**
	 * As above, but the method's {@code INCR} went out on the shared connection before its {@code BLPOP} found the
	 * pool exhausted.
	 */
	@Test
	void secondCommandThatNeverLeftAfterAnAppliedFirstShouldNotBeRetried() {
		pooled((app, holder) -> {
			List<Throwable> retried = app.onRetry((failure) -> {
			});
			Throwable failure = catchThrowable(() -> app.writer().countAndWait("queue"));
			release(holder);
			assertThat(failure).isInstanceOf(RedisConnectionFailureException.class)
				.hasCauseInstanceOf(PoolException.class);
			assertThat(app.classify(failure)).isEqualTo(ErrorCategory.NOT_SENT);
			assertThat(retried).as("the first command was sent: not retried").isEmpty();
			assertThat(app.writer().attempts()).isOne();
			assertThat(redis.probe().commands().get("visits")).as("the first command, applied once").isEqualTo("1");
			assertThat(redis.probe().received("blpop")).as("only the holder's").isOne();
		});
	}

	private void pooled(PooledTest test) {
		this.runner
			.withPropertyValues("spring.data.redis.port=" + redis.port(), "resilientdb.redis.pool.enabled=true",
					"resilientdb.redis.pool.max-active=2", "resilientdb.redis.pool.max-wait=300ms")
			.run((context) -> {
				StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
				template.hasKey("warm-up");
				CompletableFuture<String> holder = CompletableFuture
					.supplyAsync(() -> template.opsForList().leftPop("held", Duration.ofSeconds(5)));
				redis.probe().awaitBlockedClients(1);
				test.accept(new App(context), holder);
			});
	}

	private static void release(CompletableFuture<String> holder) {
		redis.probe().commands().rpush("held", "released");
		assertThat(holder.join()).isEqualTo("released");
	}

	/**
	 * Lettuce publishes {@code commandStarted} before its endpoint rejects a command while disconnected: the command
	 * counts as sent, so a method whose only command was rejected is not retried by the tracking (the atomic rule
	 * decides), although nothing reached the server.
	 */
	@Test
	void commandRejectedWhileDisconnectedShouldCountAsSent() {
		try (FaultProxy proxy = FaultProxy.to("127.0.0.1", redis.port())) {
			run(proxy, (app) -> {
				StringRedisTemplate template = app.context().getBean(StringRedisTemplate.class);
				template.hasKey("warm-up");
				proxy.refuseNewConnections();
				proxy.resetLiveConnections();
				// Until Lettuce has seen the reset, a command may still be written to the dead socket.
				await().atMost(Duration.ofSeconds(10))
					.ignoreExceptions()
					.until(() -> Objects.equals(NOT_CONNECTED,
							NestedExceptionUtils.getMostSpecificCause(catchThrowable(() -> template.hasKey("probe")))
								.getMessage()));
				List<Throwable> retried = app.onRetry((failure) -> proxy.pass());
				Throwable failure = catchThrowable(() -> app.writer().countAndLog("ada"));
				assertThat(failure).rootCause().hasMessage(NOT_CONNECTED);
				assertThat(app.classify(failure)).isEqualTo(ErrorCategory.NOT_SENT);
				assertThat(retried).isEmpty();
				assertThat(app.sendTracker().isTracked()).isTrue();
				assertThat(redis.probe().received("incr")).isZero();
			});
		}
	}

	/**
	 * A blocking method that blocks on the reactive template: on the shared connection (the default), which Spring
	 * Data Redis opens on the calling thread, the command starts on the calling thread and counts there.
	 */
	@Test
	void reactiveCommandOnTheSharedConnectionShouldCountOnTheCallingThread() {
		this.runner.withPropertyValues("spring.data.redis.port=" + redis.port()).run((context) -> {
			App app = new App(context);
			long mark = SendTrackerMarks.mark(app.sendTracker());
			assertThat(app.writer().countReactively()).isOne();
			assertThat(SendTrackerMarks.sentNothingSince(app.sendTracker(), mark)).isFalse();
			assertThat(app.sendTracker().isTracked()).isTrue();
		});
	}

	/**
	 * On a dedicated connection, which Spring Data Redis opens asynchronously, the first command starts on Lettuce's
	 * I/O thread once the connection is open, not on the caller's: tracking turns off.
	 */
	@Test
	void reactiveCommandOnADedicatedConnectionStartsOnAnIoThreadAndShouldTurnTrackingOff() {
		this.runner.withPropertyValues("spring.data.redis.port=" + redis.port())
			.withUserConfiguration(DedicatedConnections.class)
			.run((context) -> {
				App app = new App(context);
				context.getBean(StringRedisTemplate.class).hasKey("warm-up");
				assertThat(app.sendTracker().isTracked()).isTrue();
				assertThat(app.writer().countReactively()).isOne();
				assertThat(app.sendTracker().isTracked()).isFalse();
			});
	}

	private void run(FaultProxy proxy, AppTest test, String... properties) {
		this.runner.withPropertyValues("spring.data.redis.port=" + proxy.port())
			.withPropertyValues(properties)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				test.accept(new App(context));
			});
	}

	@FunctionalInterface
	private interface AppTest {

		void accept(App app) throws Exception;

	}

	@FunctionalInterface
	private interface PooledTest {

		void accept(App app, CompletableFuture<String> holder) throws Exception;

	}

	private record App(AssertableApplicationContext context) {

		Writer writer() {
			return this.context.getBean(Writer.class);
		}

		SendTracker sendTracker() {
			return this.context.getBean("redisDatastoreType", DatastoreType.class).sendTracker();
		}

		ErrorCategory classify(Throwable failure) {
			return this.context.getBean(ErrorClassification.class).classify(failure);
		}

		List<Throwable> onRetry(Consumer<Throwable> action) {
			return RedisRetries.onRetry(this.context, action);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DedicatedConnections {

		@Bean
		static BeanPostProcessor dedicatedConnections() {
			return new BeanPostProcessor() {

				@Override
				public Object postProcessBeforeInitialization(Object bean, String beanName) {
					if (bean instanceof LettuceConnectionFactory factory) {
						factory.setShareNativeConnection(false);
					}
					return bean;
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class Writers {

		@Bean
		Writer writer(StringRedisTemplate template, ReactiveStringRedisTemplate reactive) {
			return new Writer(template, reactive);
		}

	}

	static class Writer {

		private final StringRedisTemplate template;

		private final ReactiveStringRedisTemplate reactive;

		private final AtomicInteger attempts = new AtomicInteger();

		Writer(StringRedisTemplate template, ReactiveStringRedisTemplate reactive) {
			this.template = template;
			this.reactive = reactive;
		}

		int attempts() {
			return this.attempts.get();
		}

		@ResilientDb(datastore = "redis", idempotency = Idempotency.NOT_IDEMPOTENT)
		public Long countAndLog(String visitor) {
			this.attempts.incrementAndGet();
			Long visits = this.template.opsForValue().increment("visits");
			this.template.opsForList().rightPush("visitors", visitor);
			return visits;
		}

		@ResilientDb(datastore = "redis", idempotency = Idempotency.NOT_IDEMPOTENT)
		public String countAndWait(String queue) {
			this.attempts.incrementAndGet();
			this.template.opsForValue().increment("visits");
			return this.template.opsForList().leftPop(queue, Duration.ofMillis(100));
		}

		@ResilientDb(datastore = "redis", idempotency = Idempotency.NOT_IDEMPOTENT)
		public Long waitAndCount(String queue) {
			this.attempts.incrementAndGet();
			this.template.opsForList().leftPop(queue, Duration.ofMillis(100));
			return this.template.opsForValue().increment("visits");
		}

		@ResilientDb(datastore = "redis", idempotency = Idempotency.NOT_IDEMPOTENT)
		public Long countReactively() {
			this.attempts.incrementAndGet();
			return this.reactive.opsForValue().increment("visits").block(Duration.ofSeconds(5));
		}

	}

}
