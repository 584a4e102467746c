package io.github.resilientdb.redis.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.redis.autoconfigure.RedisPoolAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import io.github.resilientdb.test.server.PrivateRedis;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.PoolException;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * More callers than pooled connections: with {@code max-active=2} and {@code max-wait=300ms}, six callers each hold
 * a pooled connection for a one-second {@code BLPOP}. The shared native connection holds one of the two pooled
 * connections for good (Spring Data Redis borrows it from the pool), so one caller gets the other and the five beyond
 * the limit fail once the wait is over, with an error saying so, classified {@code NOT_SENT}. Nobody hangs.
 */
class RedisPoolExhaustionTests {

	private static final Duration MAX_WAIT = Duration.ofMillis(300);

	private static final Duration HOLD = Duration.ofSeconds(1);

	private static final int CALLERS = 6;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RedisPoolAutoConfiguration.class,
				RedisResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + PrivateRedis.shared().port(), "resilientdb.redis.pool.enabled=true",
				"resilientdb.redis.pool.max-active=2", "resilientdb.redis.pool.max-wait=" + MAX_WAIT.toMillis() + "ms");

	@Test
	void callersBeyondTheLimitFailWithinTheWaitAndNoneHangs() {
		this.runner.run((context) -> {
			StringRedisTemplate template = context.getBean(StringRedisTemplate.class);
			RedisPoolControl pool = context.getBean(RedisPoolControl.class);
			template.hasKey("warm-up");
			assertThat(pool.stats().active()).as("the shared connection, borrowed for good").isOne();
			ExecutorService executor = Executors.newFixedThreadPool(CALLERS);
			try {
				CountDownLatch start = new CountDownLatch(1);
				List<CompletableFuture<Outcome>> calls = new ArrayList<>();
				for (int caller = 0; caller < CALLERS; caller++) {
					String key = "exhaustion:" + caller;
					calls.add(CompletableFuture.supplyAsync(() -> hold(template, key, start), executor));
				}
				long begin = System.nanoTime();
				start.countDown();
				Thread.sleep(MAX_WAIT.toMillis() / 2);
				RedisPoolStats during = pool.stats();
				CompletableFuture.allOf(calls.toArray(new CompletableFuture<?>[0])).get(5, TimeUnit.SECONDS);
				Duration total = Duration.ofNanos(System.nanoTime() - begin);
				List<Outcome> outcomes = calls.stream().map(CompletableFuture::join).toList();
				List<Outcome> failed = outcomes.stream().filter((outcome) -> outcome.failure() != null).toList();
				System.out.printf("Pool exhaustion: during %s; failures after %s; all done in %d ms%n", during,
						failed.stream().map((outcome) -> outcome.elapsed().toMillis() + "ms").toList(),
						total.toMillis());
				assertThat(during.active()).isEqualTo(2);
				assertThat(during.waiters()).isEqualTo(CALLERS - 1);
				assertThat(outcomes).filteredOn((outcome) -> outcome.failure() == null)
					.singleElement()
					.satisfies((outcome) -> assertThat(outcome.elapsed()).isGreaterThanOrEqualTo(HOLD));
				assertThat(failed).hasSize(CALLERS - 1).allSatisfy((outcome) -> {
					assertThat(outcome.elapsed()).isBetween(MAX_WAIT, MAX_WAIT.plusMillis(500));
					assertThat(outcome.failure()).isInstanceOf(RedisConnectionFailureException.class)
						.cause()
						.isInstanceOf(PoolException.class)
						.hasMessage("Could not get a resource from the pool")
						.rootCause()
						.hasMessageStartingWith("Timeout waiting for idle object");
					assertThat(context.getBean(ErrorClassification.class).classify(outcome.failure()))
						.isEqualTo(ErrorCategory.NOT_SENT);
				});
				assertThat(total).isLessThan(HOLD.plusSeconds(1));
				assertThat(pool.stats().active()).isOne();
			}
			finally {
				executor.shutdownNow();
			}
		});
	}

	private static Outcome hold(StringRedisTemplate template, String key, CountDownLatch start) {
		try {
			start.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		long begin = System.nanoTime();
		try {
			template.opsForList().leftPop(key, HOLD);
			return new Outcome(Duration.ofNanos(System.nanoTime() - begin), null);
		}
		catch (RuntimeException ex) {
			return new Outcome(Duration.ofNanos(System.nanoTime() - begin), ex);
		}
	}

	private record Outcome(Duration elapsed, RuntimeException failure) {

	}

}
