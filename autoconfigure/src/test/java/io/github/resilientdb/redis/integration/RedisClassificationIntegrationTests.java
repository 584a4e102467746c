package io.github.resilientdb.redis.integration;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.classify.Throwables;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.redis.PrivateRedisExtension;
import io.github.resilientdb.redis.RedisProbe;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.PrivateRedis;
import io.lettuce.core.AclSetuserArgs;
import io.lettuce.core.RedisCommandExecutionException;
import io.lettuce.core.RedisCommandTimeoutException;
import io.lettuce.core.RedisConnectionException;
import io.lettuce.core.protocol.CommandType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Real Redis failures, provoked on private servers over real connections and seen through Lettuce and Spring Data
 * Redis in a Boot application: how {@code @ResilientDb} classifies them, which it retries and which its circuit
 * breaker counts. Attempts are counted on the server ({@code INFO commandstats}) and by resilient-db's
 * {@code resilientdb.retries} counter.
 */
class RedisClassificationIntegrationTests {

	private static final String LOOPBACK = "127.0.0.1";

	@RegisterExtension
	static final PrivateRedisExtension redis = new PrivateRedisExtension();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
				CircuitBreakerAutoConfiguration.class, RetryAutoConfiguration.class, BulkheadAutoConfiguration.class,
				RedisResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class))
		.withUserConfiguration(CountersConfiguration.class)
		.withPropertyValues("spring.data.redis.timeout=1s", "spring.data.redis.connect-timeout=1s",
				"resilientdb.datastores.redis.retry.delay=10ms",
				"resilientdb.datastores.redis.retry.budget.min-retries-per-second=100",
				// Every not-idempotent method here sends one command.
				"resilientdb.datastores.redis.retry.non-atomic-writes=true");

	@Test
	void wrongTypeIsBusinessErrorNeitherRetriedNorCounted() {
		redis.probe().commands().rpush("list", "element");
		run(redis.uri(), (app) -> {
			Throwable incr = catchThrowable(() -> app.counters().incr("list"));
			Throwable get = catchThrowable(() -> app.counters().get("list"));
			assertThat(incr).isInstanceOf(RedisSystemException.class)
				.rootCause()
				.isInstanceOf(RedisCommandExecutionException.class)
				.hasMessageStartingWith("WRONGTYPE");
			assertThat(get).rootCause().hasMessageStartingWith("WRONGTYPE");
			assertThat(app.classify(incr)).isEqualTo(ErrorCategory.BUSINESS);
			assertThat(app.classify(get)).isEqualTo(ErrorCategory.BUSINESS);
			assertThat(redis.probe().received("incr")).isOne();
			assertThat(redis.probe().received("get")).isOne();
			assertThat(app.retries()).isZero();
			assertThat(app.breaker().getMetrics().getNumberOfBufferedCalls()).isZero();
		});
	}

	@Test
	void syntaxErrorIsBusinessErrorNeitherRetriedNorCountedEvenWhenIdempotent() {
		run(redis.uri(), (app) -> {
			Throwable thrown = catchThrowable(() -> app.counters().setWithoutValue("key"));
			assertThat(thrown).rootCause()
				.isInstanceOf(RedisCommandExecutionException.class)
				.hasMessageStartingWith("ERR wrong number of arguments");
			assertThat(app.classify(thrown)).isEqualTo(ErrorCategory.BUSINESS);
			assertThat(redis.probe().received("set")).isOne();
			assertThat(app.retries()).isZero();
			assertThat(app.breaker().getMetrics().getNumberOfBufferedCalls()).isZero();
		});
	}

	@Test
	void readOnlyReplicaIsRejectedByServerRetriedEvenWhenNotIdempotentAndCounted() {
		try (PrivateRedis primary = PrivateRedis.start();
				PrivateRedis replica = PrivateRedis.builder().replicaOf(primary).start();
				RedisProbe replicaProbe = RedisProbe.on(replica)) {
			run(replica.uri(), (app) -> {
				Throwable thrown = catchThrowable(() -> app.counters().incr("counter"));
				assertThat(thrown).rootCause()
					.isInstanceOf(RedisCommandExecutionException.class)
					.hasMessageStartingWith("READONLY");
				assertThat(app.classify(thrown)).isEqualTo(ErrorCategory.REJECTED_BY_SERVER);
				assertThat(replicaProbe.received("incr")).isEqualTo(3);
				assertThat(app.retries()).isEqualTo(2);
				assertThat(app.breaker().getMetrics().getNumberOfFailedCalls()).isOne();

				app.onRetry((failure) -> replicaProbe.commands().replicaofNoOne());
				assertThat(app.counters().incr("counter")).isOne();
				assertThat(app.retries()).isEqualTo(3);
				assertThat(replicaProbe.commands().get("counter")).isEqualTo("1");
				assertThat(app.breaker().getMetrics().getNumberOfSuccessfulCalls()).isOne();
			});
		}
	}

	@Test
	void missingOrWrongPasswordIsAuthenticationFailureNotRetriedButCounted() {
		try (PrivateRedis secured = PrivateRedis.builder().requirePass("secret").start()) {
			run(secured.uri(), (app) -> assertAuthenticationFailure(app, "NOAUTH"));
			run("redis://:wrong@" + LOOPBACK + ":" + secured.port(), (app) -> assertAuthenticationFailure(app,
					"WRONGPASS"));
		}
	}

	private static void assertAuthenticationFailure(App app, String reply) {
		Throwable thrown = catchThrowable(() -> app.counters().incr("counter"));
		assertThat(Throwables.find(thrown, RedisConnectionException.class)).as("a failed connection").isNotNull();
		assertThat(thrown).isInstanceOf(RedisConnectionFailureException.class)
			.rootCause()
			.isInstanceOf(RedisCommandExecutionException.class)
			.hasMessageStartingWith(reply);
		assertThat(app.classify(thrown)).isEqualTo(ErrorCategory.AUTHENTICATION);
		assertThat(app.retries()).isZero();
		assertThat(app.breaker().getMetrics().getNumberOfFailedCalls()).isOne();
	}

	@Test
	void refusedConnectionIsNotSentAndRetriedEvenWhenNotIdempotent() {
		try (FaultProxy proxy = FaultProxy.to(LOOPBACK, redis.port())) {
			proxy.refuseNewConnections();
			run(url(proxy), (app) -> {
				List<Throwable> failures = app.onRetry((failure) -> proxy.pass());
				assertThat(app.counters().incr("counter")).isOne();
				assertThat(failures).singleElement()
					.satisfies((failure) -> assertThat(failure).isInstanceOf(RedisConnectionFailureException.class))
					.satisfies((failure) -> assertThat(Throwables.find(failure, RedisConnectionException.class))
						.isNotNull())
					.satisfies((failure) -> assertThat(app.classify(failure)).isEqualTo(ErrorCategory.NOT_SENT));
				assertThat(app.retries()).isOne();
				assertThat(redis.probe().received("incr")).isOne();
				assertThat(redis.probe().commands().get("counter")).isEqualTo("1");
			}, "resilientdb.datastores.redis.circuit-breaker.open-on-connection-failure=false");
		}
	}

	@Test
	void commandTimeoutIsMaybeAppliedSoOnlyIdempotentCommandsAreRetried() {
		try (FaultProxy proxy = FaultProxy.to(LOOPBACK, redis.port())) {
			run(url(proxy), (app) -> {
				app.counters().get("warm-up");
				proxy.blackhole();
				Throwable thrown = catchThrowable(() -> app.counters().incr("counter"));
				assertThat(thrown).isInstanceOf(QueryTimeoutException.class)
					.hasCauseInstanceOf(RedisCommandTimeoutException.class);
				assertThat(app.classify(thrown)).isEqualTo(ErrorCategory.MAYBE_APPLIED);
				assertThat(app.retries()).isZero();
				proxy.pass();
				// The INCR held back by the network reaches the server after all: it was "maybe applied" indeed.
				redis.probe().awaitReceived("incr", (received) -> received == 1);
				assertThat(redis.probe().commands().get("counter")).isEqualTo("1");

				proxy.blackhole();
				List<Throwable> failures = app.onRetry((failure) -> proxy.pass());
				assertThat(app.counters().get("counter")).isEqualTo("1");
				assertThat(failures).singleElement().isInstanceOf(QueryTimeoutException.class);
				assertThat(app.retries()).isOne();
				assertThat(redis.probe().commands().get("counter")).isEqualTo("1");
			});
		}
	}

	/**
	 * With Lettuce's defaults (auto-reconnect, commands queued while disconnected), a connection reset fails only the
	 * oldest command in flight; the others are sent again on the new connection. So a not idempotent INCR can be
	 * applied twice by Lettuce alone, while resilient-db, seeing {@code MAYBE_APPLIED}, repeats nothing.
	 */
	@Test
	void resetConnectionFailsOldestCommandAndLettuceReplaysTheOthers() {
		try (FaultProxy proxy = FaultProxy.to(LOOPBACK, redis.port())) {
			run(url(proxy), (app) -> {
				app.counters().get("warm-up");
				proxy.latency(Duration.ofSeconds(1));
				Map<String, CompletableFuture<Object>> calls = new LinkedHashMap<>();
				for (String key : List.of("first", "second")) {
					calls.put(key, outcome(() -> app.counters().incr(key)));
					Thread.sleep(100);
				}
				redis.probe().awaitReceived("incr", (received) -> received == 2);
				proxy.resetLiveConnections();
				proxy.pass();
				Map<String, RuntimeException> failed = new LinkedHashMap<>();
				for (Map.Entry<String, CompletableFuture<Object>> call : calls.entrySet()) {
					Object outcome = call.getValue().get(10, TimeUnit.SECONDS);
					if (outcome instanceof RuntimeException failure) {
						failed.put(call.getKey(), failure);
						assertThat(failure).isInstanceOf(RedisSystemException.class)
							.rootCause()
							.hasMessageContaining("Connection reset");
						assertThat(app.classify(failure)).isEqualTo(ErrorCategory.MAYBE_APPLIED);
						assertThat(redis.probe().commands().get(call.getKey())).as("applied once, not retried").isEqualTo("1");
					}
					else {
						assertThat(outcome).as("applied twice: once on the reset connection, once replayed")
							.isEqualTo(2L);
						assertThat(redis.probe().commands().get(call.getKey())).isEqualTo("2");
					}
				}
				assertThat(failed).as("only the oldest command in flight fails").hasSize(1);
				assertThat(redis.probe().received("incr")).isEqualTo(3);
				assertThat(app.retries()).isZero();
			}, "spring.data.redis.timeout=5s");
		}
	}

	/**
	 * {@code CLIENT KILL} closes the connection cleanly, so Lettuce sends the blocked BLPOP again on a new connection:
	 * the caller sees no failure at all, nothing is classified or retried by resilient-db, and a value popped by the
	 * killed BLPOP (served just before the kill) is lost.
	 */
	@Test
	void clientKillDuringBlockingPopIsInvisibleBecauseLettuceReplaysIt() {
		run(redis.uri(), (app) -> {
			app.counters().get("warm-up");
			CompletableFuture<Object> pop = outcome(() -> app.counters().pop("queue", Duration.ofSeconds(3)));
			redis.probe().awaitBlockedClients(1);
			redis.probe().pushThenKillNormalClients("queue", "first");
			redis.probe().awaitBlockedClients(1);
			redis.probe().commands().rpush("queue", "second");
			assertThat(pop.get(10, TimeUnit.SECONDS)).isEqualTo("second");
			assertThat(redis.probe().commands().llen("queue")).isZero();
			assertThat(redis.probe().received("blpop")).isEqualTo(2);
			assertThat(app.retries()).isZero();
			assertThat(app.breaker().getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(2);
		}, "spring.data.redis.timeout=5s");
	}

	/**
	 * Boot's Lettuce client times every command out after {@code spring.data.redis.timeout}, blocking ones included:
	 * a BLPOP that may wait longer fails as {@code MAYBE_APPLIED} and is not repeated. Spring Data Redis then closes
	 * the dedicated connection, so the abandoned BLPOP does not steal a value pushed afterwards.
	 */
	@Test
	void blockingPopLongerThanCommandTimeoutIsMaybeAppliedAndNotRetried() {
		run(redis.uri(), (app) -> {
			Throwable thrown = catchThrowable(() -> app.counters().pop("queue", Duration.ofSeconds(2)));
			assertThat(thrown).isInstanceOf(QueryTimeoutException.class)
				.hasCauseInstanceOf(RedisCommandTimeoutException.class);
			assertThat(app.classify(thrown)).isEqualTo(ErrorCategory.MAYBE_APPLIED);
			assertThat(app.retries()).isZero();
			assertThat(redis.probe().received("blpop")).isOne();
			redis.probe().awaitBlockedClients(0);
			redis.probe().commands().rpush("queue", "value");
			assertThat(redis.probe().commands().lrange("queue", 0, -1)).containsExactly("value");
		});
	}

	/**
	 * Every Redis error these tests can provoke for real, as Spring Data Redis throws it, and its category.
	 */
	@Test
	void classificationTableOfRealRedisErrors() throws Exception {
		ClassificationTable table = new ClassificationTable();
		redis.probe().commands().rpush("list", "element");
		redis.probe().commands().aclSetuser("no-incr", AclSetuserArgs.Builder.on().addPassword("secret").allKeys()
			.allCommands().removeCommand(CommandType.INCR));
		run(redis.uri(), (app) -> {
			StringRedisTemplate template = app.template();
			template.hasKey("warm-up");
			table.row("WRONGTYPE: INCR on a list", app, () -> template.opsForValue().increment("list"),
					ErrorCategory.BUSINESS);
			table.row("ERR: SET without a value", app, () -> execute(template, "SET", "key"), ErrorCategory.BUSINESS);
			table.row("ERR: unknown command", app, () -> execute(template, "NOSUCHCOMMAND"), ErrorCategory.BUSINESS);
			table.row("NOSCRIPT: EVALSHA of an unknown script", app,
					() -> execute(template, "EVALSHA", "ffffffffffffffffffffffffffffffffffffffff", "0"),
					ErrorCategory.BUSINESS);
			try (AutoCloseable script = redis.probe().busyScript()) {
				table.row("BUSY: a script is running", app, () -> template.opsForValue().get("key"),
						ErrorCategory.REJECTED_BY_SERVER);
			}
			withConfig("maxmemory", "1", "0", () -> table.row("OOM: used memory above maxmemory", app,
					() -> template.opsForValue().increment("counter"), ErrorCategory.PERMANENT));
			withConfig("min-replicas-to-write", "1", "0", () -> table.row("NOREPLICAS: min-replicas-to-write",
					app, () -> template.opsForValue().increment("counter"), ErrorCategory.REJECTED_BY_SERVER));
			withConfig("maxclients", "1", "10000", () -> run(redis.uri(), (full) -> table.row(
					"ERR max number of clients reached", full, () -> full.template().hasKey("key"),
					ErrorCategory.REJECTED_BY_SERVER)));
			table.row("BLPOP blocking longer than spring.data.redis.timeout", app,
					() -> template.opsForList().leftPop("queue", Duration.ofSeconds(2)), ErrorCategory.MAYBE_APPLIED);
		});
		run("redis://no-incr:secret@" + LOOPBACK + ":" + redis.port(), (app) -> table.row(
				"NOPERM: ACL user without INCR", app, () -> app.template().opsForValue().increment("counter"),
				ErrorCategory.AUTHENTICATION));
		try (PrivateRedis primary = PrivateRedis.start();
				PrivateRedis replica = PrivateRedis.builder().replicaOf(primary).start();
				RedisProbe replicaProbe = RedisProbe.on(replica)) {
			run(replica.uri(), (app) -> {
				table.row("READONLY: INCR on a replica", app, () -> app.template().opsForValue().increment("counter"),
						ErrorCategory.REJECTED_BY_SERVER);
				primary.close();
				replicaProbe.commands().configSet("replica-serve-stale-data", "no");
				table.row("MASTERDOWN: replica without its primary", app,
						() -> app.template().opsForValue().get("counter"), ErrorCategory.REJECTED_BY_SERVER);
			});
		}
		try (PrivateRedis secured = PrivateRedis.builder().requirePass("secret").start()) {
			run(secured.uri(), (app) -> table.row("NOAUTH: no password", app,
					() -> app.template().hasKey("key"), ErrorCategory.AUTHENTICATION));
			run("redis://:wrong@" + LOOPBACK + ":" + secured.port(), (app) -> table.row("WRONGPASS: wrong password",
					app, () -> app.template().hasKey("key"), ErrorCategory.AUTHENTICATION));
		}
		try (FaultProxy proxy = FaultProxy.to(LOOPBACK, redis.port())) {
			run(url(proxy), (app) -> {
				proxy.refuseNewConnections();
				table.row("connection refused", app, () -> app.template().hasKey("key"), ErrorCategory.NOT_SENT);
				proxy.pass();
				app.template().hasKey("warm-up");
				proxy.blackhole();
				table.row("command timeout: no answer", app, () -> app.template().hasKey("key"),
						ErrorCategory.MAYBE_APPLIED);
				proxy.latency(Duration.ofMillis(500));
				redis.probe().commands().configResetstat();
				CompletableFuture<Object> get = outcome(() -> app.template().opsForValue().get("key"));
				redis.probe().awaitReceived("get", (received) -> received == 1);
				proxy.resetLiveConnections();
				table.row("connection reset while waiting for the answer", app, () -> {
					if (get.get(10, TimeUnit.SECONDS) instanceof RuntimeException failure) {
						throw failure;
					}
				}, ErrorCategory.MAYBE_APPLIED);
			});
		}
		table.assertClassifications();
	}

	private static Object execute(StringRedisTemplate template, String command, String... arguments) {
		byte[][] bytes = Arrays.stream(arguments)
			.map((argument) -> argument.getBytes(StandardCharsets.UTF_8))
			.toArray(byte[][]::new);
		return template.execute((RedisCallback<Object>) (connection) -> connection.execute(command, bytes));
	}

	private static void withConfig(String parameter, String value, String restored, ThrowingRunnable action)
			throws Throwable {
		redis.probe().commands().configSet(parameter, value);
		try {
			action.run();
		}
		finally {
			redis.probe().commands().configSet(parameter, restored);
		}
	}

	private void run(String url, AppTest test, String... properties) {
		this.runner.withPropertyValues("spring.data.redis.url=" + url).withPropertyValues(properties).run((context) -> {
			assertThat(context).hasNotFailed();
			test.accept(new App(context));
		});
	}

	private static String url(FaultProxy proxy) {
		return "redis://" + LOOPBACK + ":" + proxy.port();
	}

	private static CompletableFuture<Object> outcome(Supplier<Object> call) {
		return CompletableFuture.supplyAsync(() -> {
			try {
				return call.get();
			}
			catch (RuntimeException ex) {
				return ex;
			}
		});
	}

	@FunctionalInterface
	private interface AppTest {

		void accept(App app) throws Throwable;

	}

	@FunctionalInterface
	private interface ThrowingRunnable {

		void run() throws Throwable;

	}

	/**
	 * Real errors and their classification, compared as a whole so that a failure shows the full table.
	 */
	private static final class ClassificationTable {

		private final Map<String, ErrorCategory> expected = new LinkedHashMap<>();

		private final Map<String, ErrorCategory> actual = new LinkedHashMap<>();

		void row(String error, App app, ThrowingCallable provoke, ErrorCategory category) {
			Throwable thrown = catchThrowable(provoke);
			assertThat(thrown).as("%s is provoked", error).isNotNull();
			this.expected.put(error, category);
			this.actual.put(error, app.classify(thrown));
		}

		void assertClassifications() {
			assertThat(this.actual).containsExactlyEntriesOf(this.expected);
		}

	}

	/**
	 * The application under test, and what resilient-db recorded about its calls.
	 */
	private record App(AssertableApplicationContext context) {

		Counters counters() {
			return this.context.getBean(Counters.class);
		}

		StringRedisTemplate template() {
			return this.context.getBean(StringRedisTemplate.class);
		}

		ErrorCategory classify(Throwable failure) {
			return this.context.getBean(ErrorClassification.class).classify(failure);
		}

		double retries() {
			return this.context.getBean(MeterRegistry.class)
				.get("resilientdb.retries")
				.tag("datastore", "redis")
				.counter()
				.count();
		}

		CircuitBreaker breaker() {
			return this.context.getBean(ResilientDbRegistries.class).circuitBreakers().find("redis").orElseThrow();
		}

		/**
		 * Runs an action before each retry, on the calling thread, once the failure has been classified.
		 * @param action what to do with the failure about to be retried
		 * @return the failures retried so far
		 */
		List<Throwable> onRetry(Consumer<Throwable> action) {
			return RedisRetries.onRetry(this.context, action);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class CountersConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		Counters counters(StringRedisTemplate redis) {
			return new Counters(redis);
		}

	}

	/**
	 * Redis operations behind {@code @ResilientDb}, each declaring whether it may run twice.
	 */
	@ResilientDb(datastore = "redis")
	static class Counters {

		private final StringRedisTemplate redis;

		Counters(StringRedisTemplate redis) {
			this.redis = redis;
		}

		@ResilientDb(datastore = "redis", idempotency = Idempotency.NOT_IDEMPOTENT)
		public Long incr(String key) {
			return this.redis.opsForValue().increment(key);
		}

		@ResilientDb(datastore = "redis", idempotency = Idempotency.IDEMPOTENT)
		public String get(String key) {
			return this.redis.opsForValue().get(key);
		}

		@ResilientDb(datastore = "redis", idempotency = Idempotency.IDEMPOTENT)
		public Object setWithoutValue(String key) {
			return this.redis.execute((RedisCallback<Object>) (connection) -> connection.execute("SET",
					key.getBytes(StandardCharsets.UTF_8)));
		}

		@ResilientDb(datastore = "redis", idempotency = Idempotency.NOT_IDEMPOTENT)
		public String pop(String key, Duration timeout) {
			return this.redis.opsForList().leftPop(key, timeout);
		}

	}

}
