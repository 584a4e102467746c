package io.github.resilientdb.slices;

import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.test.server.PrivateRedis;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.data.redis.test.autoconfigure.DataRedisTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @DataRedisTest} with the starter on the class path, against a real Redis server: the slice starts, and its
 * {@code @ResilientDb} methods run behind the {@code redis} datastore's policy.
 * The context is closed after the class, so that its clients (and their pool MBeans) do not outlive it.
 */
@DirtiesContext
@DataRedisTest
class DataRedisTestSliceTests {

	@Autowired
	private Visits visits;

	@Autowired
	private ResilientDbRegistries registries;

	@DynamicPropertySource
	static void redis(DynamicPropertyRegistry registry) {
		registry.add("spring.data.redis.url", () -> PrivateRedis.shared().uri());
	}

	@Test
	void methodRunsBehindTheRedisPolicy() {
		this.visits.reset();
		assertThat(this.visits.record()).isEqualTo(1);
		assertThat(this.registries.circuitBreakers().circuitBreaker("redis").getMetrics().getNumberOfSuccessfulCalls())
			.isEqualTo(2);
	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage
	static class SliceConfiguration {

		@Bean
		Visits visits(StringRedisTemplate redis) {
			return new Visits(redis);
		}

	}

	static class Visits {

		private static final String KEY = "slice:visits";

		private final StringRedisTemplate redis;

		Visits(StringRedisTemplate redis) {
			this.redis = redis;
		}

		@ResilientDb
		public void reset() {
			this.redis.delete(KEY);
		}

		@ResilientDb
		public long record() {
			return this.redis.opsForValue().increment(KEY);
		}

	}

}
