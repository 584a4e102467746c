package io.github.resilientdb.redis.pool;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilientdb.redis.autoconfigure.RedisPoolAutoConfiguration;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.PrivateRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.awaitility.Awaitility.await;

/**
 * A shared Lettuce connection whose socket stays open but never answers again (the fault proxy silences it for
 * good, while new connections pass) is replaced after its commands time out twice in a row, so that Redis serves
 * again well within the breaker's wait; without the replacement it would stay silent.
 */
class StuckConnectionResetTests {

	private final FaultProxy proxy = FaultProxy.to("127.0.0.1", PrivateRedis.shared().port());

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RedisPoolAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.url=redis://127.0.0.1:" + this.proxy.port());

	@AfterEach
	void closeProxy() {
		this.proxy.close();
	}

	@Test
	void connectionWhoseCommandsKeepTimingOutIsReplaced() {
		this.runner.run((context) -> {
			StringRedisTemplate redis = context.getBean(StringRedisTemplate.class);
			redis.opsForValue().set("stuck-connection", "served");
			this.proxy.silenceLiveConnections();
			AtomicInteger timeouts = new AtomicInteger();
			long start = System.nanoTime();
			await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(10)).until(() -> {
				try {
					return "served".equals(redis.opsForValue().get("stuck-connection"));
				}
				catch (QueryTimeoutException ex) {
					timeouts.incrementAndGet();
					return false;
				}
				catch (DataAccessException ex) {
					// The command in flight when the silent connection is closed.
					return false;
				}
			});
			Duration recovered = Duration.ofNanos(System.nanoTime() - start);
			assertThat(timeouts).as("commands timed out on the silent connection first")
				.hasValueGreaterThanOrEqualTo(StuckConnectionResetRegistrar.TIMEOUTS_OF_SILENCE);
			System.out.printf("[stuck-connection] Redis served again %d ms after its connection went silent, "
					+ "after %d command timeouts%n", recovered.toMillis(), timeouts.get());
		});
	}

	@Test
	void replacementCanBeSwitchedOff() {
		this.runner.withPropertyValues("resilientdb.redis.replace-stuck-connections=false")
			.run((context) -> assertThat(context).doesNotHaveBean(StuckConnectionResetRegistrar.class));
	}

	@Test
	void registrarIsPresentByDefault() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(StuckConnectionResetRegistrar.class));
	}

	@Test
	void silenceThatIsNotPositiveIsRejected() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new StuckConnectionReset(new LettuceConnectionFactory(), Duration.ZERO))
			.withMessageContaining("silence");
	}

}
