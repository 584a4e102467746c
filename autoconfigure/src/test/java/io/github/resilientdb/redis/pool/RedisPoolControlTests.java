package io.github.resilientdb.redis.pool;

import java.time.Duration;

import io.github.resilientdb.redis.PrivateRedisExtension;
import io.github.resilientdb.redis.autoconfigure.RedisPoolAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

/**
 * Resizing and evicting the live commons-pool2 pool of a running application, checked in the pool and by the
 * number of connections the server sees.
 */
class RedisPoolControlTests {

	@RegisterExtension
	static final PrivateRedisExtension redis = new PrivateRedisExtension();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RedisPoolAutoConfiguration.class,
				RedisResilientDbAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=127.0.0.1");

	@Test
	void statsResizeAndEvictActOnTheLivePool() {
		this.runner.withPropertyValues("spring.data.redis.port=" + redis.port(), "resilientdb.redis.pool.enabled=true")
			.run((context) -> {
				RedisPoolControl control = context.getBean(RedisPoolControl.class);
				assertThat(control.isPooled()).isTrue();
				assertThat(control.stats().pools()).as("no pool before the first connection").isZero();
				context.getBean(StringRedisTemplate.class).hasKey("warm-up");
				RedisPoolStats stats = control.stats();
				assertThat(stats.pools()).isOne();
				assertThat(stats.active()).as("the shared connection").isOne();
				assertThat(stats.idle()).as("min-idle 5, one of them borrowed").isEqualTo(4);
				assertThat(stats.maxActive()).isEqualTo(30);
				assertThat(serverConnections()).isEqualTo(5);

				control.resize(10, 2);
				assertThat(control.stats()).extracting(RedisPoolStats::maxActive, RedisPoolStats::maxIdle,
						RedisPoolStats::minIdle)
					.containsExactly(10, 10, 2);
				LettuceConnectionFactory factory = context.getBean(LettuceConnectionFactory.class);
				assertThat(((LettucePoolingClientConfiguration) factory.getClientConfiguration()).getPoolConfig()
					.getMaxTotal()).as("pools created later").isEqualTo(10);

				assertThat(control.evictIdle()).isEqualTo(4);
				assertThat(control.stats().idle()).isZero();
				assertThat(control.stats().active()).isOne();
				assertThat(serverConnections()).isOne();
			});
	}

	@Test
	void resizeRejectsInvalidSizes() {
		this.runner.withPropertyValues("spring.data.redis.port=" + redis.port(), "resilientdb.redis.pool.enabled=true")
			.run((context) -> {
				RedisPoolControl control = context.getBean(RedisPoolControl.class);
				assertThatIllegalArgumentException().isThrownBy(() -> control.resize(0, 0));
				assertThatIllegalArgumentException().isThrownBy(() -> control.resize(2, 3));
			});
	}

	@Test
	void withoutPoolingSaysHowToEnableIt() {
		this.runner.withPropertyValues("spring.data.redis.port=" + redis.port()).run((context) -> {
			RedisPoolControl control = context.getBean(RedisPoolControl.class);
			assertThat(control.isPooled()).isFalse();
			assertThatIllegalStateException().isThrownBy(control::stats)
				.withMessageContaining("resilientdb.redis.pool.enabled=true");
		});
	}

	@Test
	void withoutCommonsPool2ThereIsNoControl() {
		this.runner.withPropertyValues("spring.data.redis.port=" + redis.port())
			.withClassLoader(new FilteredClassLoader("org.apache.commons.pool2"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(RedisPoolControl.class));
	}

	private static long serverConnections() throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
		long previous = -1;
		while (true) {
			String clients = redis.probe().commands().info("clients");
			long connected = Long.parseLong(clients.replaceAll("(?s).*connected_clients:(\\d+).*", "$1")) - 1;
			if (connected == previous || System.nanoTime() > deadline) {
				return connected;
			}
			previous = connected;
			Thread.sleep(100);
		}
	}

}
