package io.github.resilientdb.redis.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.redis.PrivateRedisExtension;
import io.github.resilientdb.redis.autoconfigure.RedisPoolAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Lettuce's {@code REJECT_COMMANDS}, resilient-db's default, against a real server made unreachable through a
 * {@link FaultProxy}: a command issued while the connection is down fails at once as {@code NOT_SENT} instead of
 * waiting in a buffer, and a command is never sent twice by Lettuce's replay after reconnecting. Counts are read on
 * the server ({@code INFO commandstats} and the data).
 */
class RejectCommandsWhileDisconnectedTests {

	@RegisterExtension
	static final PrivateRedisExtension redis = new PrivateRedisExtension();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RedisPoolAutoConfiguration.class,
				RedisResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class))
		.withUserConfiguration(CountersConfiguration.class)
		.withPropertyValues("spring.data.redis.host=127.0.0.1", "resilientdb.datastores.redis.retry.delay=10ms");

	@Test
	void commandWhileDisconnectedFailsAtOnceAsNotSentAndIsNeverAppliedLater() {
		try (FaultProxy proxy = FaultProxy.to("127.0.0.1", redis.port())) {
			this.runner.withPropertyValues("spring.data.redis.port=" + proxy.port()).run((context) -> {
				StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
				StatefulRedisConnection<byte[], byte[]> shared = LiveLettuce
					.of(context.getBean(LettuceConnectionFactory.class))
					.sharedConnection();
				proxy.refuseNewConnections();
				proxy.resetLiveConnections();
				await("disconnected", () -> !shared.isOpen());

				long begin = System.nanoTime();
				Throwable rejected = catchThrowable(() -> template.opsForValue().increment("counter"));
				Duration elapsed = Duration.ofNanos(System.nanoTime() - begin);
				Throwable viaResilientDb = catchThrowable(() -> context.getBean(Counters.class).incr("counter"));
				System.out.printf("REJECT_COMMANDS: rejected after %d us: %s%n", elapsed.toNanos() / 1000, rejected);
				assertThat(rejected).rootCause().hasMessage("Currently not connected. Commands are rejected.");
				assertThat(elapsed).isLessThan(Duration.ofMillis(100));
				assertThat(classify(context, rejected)).isEqualTo(ErrorCategory.NOT_SENT);
				assertThat(viaResilientDb).rootCause().hasMessage("Currently not connected. Commands are rejected.");

				proxy.pass();
				await("reconnected", shared::isOpen);
				Thread.sleep(500);
				assertThat(redis.probe().received("incr")).as("INCRs that reached the server").isZero();
				assertThat(redis.probe().commands().get("counter")).as("applied zero times").isNull();
				assertThat(template.opsForValue().increment("counter")).isOne();
			});
		}
	}

	/**
	 * Two INCRs are in flight, applied by the server but not yet answered, when the connection is reset. With
	 * resilient-db's defaults both fail as possibly applied and neither is sent again; with Lettuce's own defaults
	 * ({@code DEFAULT}: buffer and replay) the ones still in flight are replayed on the new connection and applied
	 * twice.
	 */
	@Test
	void commandsInFlightAtDisconnectAreFailedNotReplayed() throws Exception {
		assertThat(resetWithTwoIncrsInFlight("REJECT_COMMANDS")).containsExactly("1", "1");
		assertThat(redis.probe().received("incr")).isEqualTo(2);
		redis.probe().reset();
		assertThat(resetWithTwoIncrsInFlight("DEFAULT")).as("Lettuce's replay").contains("2");
	}

	private List<String> resetWithTwoIncrsInFlight(String disconnectedBehavior) throws Exception {
		List<String> counters = new ArrayList<>();
		try (FaultProxy proxy = FaultProxy.to("127.0.0.1", redis.port())) {
			this.runner
				.withPropertyValues("spring.data.redis.port=" + proxy.port(), "spring.data.redis.timeout=5s",
						"resilientdb.redis.pool.disconnected-behavior=" + disconnectedBehavior)
				.run((context) -> {
					StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
					template.hasKey("warm-up");
					proxy.latency(Duration.ofMillis(400));
					List<CompletableFuture<Object>> calls = new ArrayList<>();
					for (String key : List.of("first", "second")) {
						calls.add(CompletableFuture.supplyAsync(() -> outcome(template, key)));
						Thread.sleep(100);
					}
					await("both INCRs applied", () -> redis.probe().received("incr") == 2);
					proxy.resetLiveConnections();
					proxy.pass();
					for (CompletableFuture<Object> call : calls) {
						Object outcome = call.get(10, TimeUnit.SECONDS);
						if (disconnectedBehavior.equals("REJECT_COMMANDS")) {
							assertThat(outcome).isInstanceOf(RuntimeException.class);
							assertThat(classify(context, (Throwable) outcome)).isEqualTo(ErrorCategory.MAYBE_APPLIED);
						}
					}
					Thread.sleep(500);
					counters.add(redis.probe().commands().get("first"));
					counters.add(redis.probe().commands().get("second"));
				});
		}
		return counters;
	}

	private static Object outcome(StringRedisTemplate template, String key) {
		try {
			return template.opsForValue().increment(key);
		}
		catch (RuntimeException ex) {
			return ex;
		}
	}

	private static ErrorCategory classify(AssertableApplicationContext context, Throwable failure) {
		return context.getBean(ErrorClassification.class).classify(failure);
	}

	private static void await(String what, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Not " + what + " within 10s");
			}
			Thread.sleep(5);
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class CountersConfiguration {

		@Bean
		Counters counters(StringRedisTemplate redis) {
			return new Counters(redis);
		}

	}

	/**
	 * A Redis write behind {@code @ResilientDb}, which retries {@code NOT_SENT} failures even when not idempotent.
	 */
	static class Counters {

		private final StringRedisTemplate redis;

		Counters(StringRedisTemplate redis) {
			this.redis = redis;
		}

		@ResilientDb(datastore = "redis", idempotency = Idempotency.NOT_IDEMPOTENT)
		public Long incr(String key) {
			return this.redis.opsForValue().increment(key);
		}

	}

}
