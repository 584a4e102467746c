package io.github.resilientdb.redis.pool;

import java.time.Duration;

import io.github.resilientdb.actuate.ResilientDbEndpoint;
import io.github.resilientdb.actuate.autoconfigure.ResilientDbEndpointAutoConfiguration;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import io.github.resilientdb.test.server.PrivateRedis;
import io.lettuce.core.api.StatefulConnection;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code resilientdb} endpoint shows and resizes each pooled Lettuce connection factory's own pools: the primary
 * ({@code redis}) on the shared private Redis server and {@code sessionRedisConnectionFactory} on a second one.
 */
class SeveralRedisPoolsEndpointIntegrationTests {

	private static PrivateRedis sessionRedis;

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RedisResilientDbAutoConfiguration.class,
				ResilientDbAutoConfiguration.class, EndpointAutoConfiguration.class,
				ResilientDbEndpointAutoConfiguration.class))
		.withUserConfiguration(TwoPooledFactories.class)
		.withPropertyValues("test.redis.main=" + PrivateRedis.shared().port(),
				"test.redis.session=" + sessionRedis.port(),
				"management.endpoints.web.exposure.include=resilientdb", "resilientdb.endpoint.writes=anyone");

	@BeforeAll
	static void startSessionRedis() {
		sessionRedis = PrivateRedis.start();
	}

	@AfterAll
	static void stopSessionRedis() {
		sessionRedis.close();
	}

	@Test
	void resizeWhenNonPrimaryFactoryShouldResizeOnlyItsOwnPoolAndEachShowsItsOwnStats() {
		this.runner.run((context) -> {
			ResilientDbEndpoint endpoint = context.getBean(ResilientDbEndpoint.class);
			LettuceConnectionFactory session = context.getBean("sessionRedisConnectionFactory",
					LettuceConnectionFactory.class);
			try (RedisConnection held = session.getConnection()) {
				held.ping();
				assertThat(pool(endpoint, "sessionRedisConnectionFactory").active()).isOne();
				assertThat(pool(endpoint, "redis").active()).isZero();
			}
			endpoint.change("sessionRedisConnectionFactory", null, 6, 1, null, null, null, null, null,
					SecurityContext.NONE);
			assertThat(pool(endpoint, "sessionRedisConnectionFactory").maxActive()).isEqualTo(6);
			assertThat(pool(endpoint, "sessionRedisConnectionFactory").minIdle()).isOne();
			assertThat(new RedisPoolControl(session).stats().maxActive()).isEqualTo(6);
			RedisPoolStats main = pool(endpoint, "redis");
			assertThat(main.maxActive()).isEqualTo(3);
			assertThat(main.minIdle()).isZero();
		});
	}

	private static RedisPoolStats pool(ResilientDbEndpoint endpoint, String datastore) {
		return (RedisPoolStats) endpoint.datastore(datastore).pool();
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoPooledFactories {

		@Bean
		@Primary
		LettuceConnectionFactory mainRedisConnectionFactory(Environment environment) {
			return pooled(environment.getRequiredProperty("test.redis.main", Integer.class));
		}

		@Bean
		LettuceConnectionFactory sessionRedisConnectionFactory(Environment environment) {
			return pooled(environment.getRequiredProperty("test.redis.session", Integer.class));
		}

		private static LettuceConnectionFactory pooled(int port) {
			GenericObjectPoolConfig<StatefulConnection<?, ?>> pool = new GenericObjectPoolConfig<>();
			pool.setMaxTotal(3);
			pool.setMaxIdle(3);
			pool.setMinIdle(0);
			return new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
					LettucePoolingClientConfiguration.builder()
						.poolConfig(pool)
						.commandTimeout(Duration.ofSeconds(1))
						.build());
		}

	}

}
