package io.github.resilientdb.redis.autoconfigure;

import java.time.Duration;

import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;
import io.lettuce.core.api.StatefulConnection;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration.LettuceClientConfigurationBuilder;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration.LettucePoolingClientConfigurationBuilder;

/**
 * The commons-pool2 part of {@link LettuceClientConfigurationDefaultsCustomizer}, in a class of its own so that
 * commons-pool2 stays optional. Starts from the pool configuration Spring Boot built and replaces each value the
 * application did not set under {@code spring.data.redis.lettuce.pool}. Where the application bounds the pool on
 * one side only, the unset defaults of the other side move so that the pool stays valid; an explicit
 * {@code resilientdb.redis.pool} value that contradicts an explicit Spring Boot one fails the start.
 */
final class LettucePoolDefaults {

	private static final int DEFAULT_MIN_IDLE = 5;

	private static final String RESILIENTDB_POOL = "resilientdb.redis.pool.";

	private LettucePoolDefaults() {
	}

	static void apply(LettuceClientConfigurationBuilder builder, RedisPoolProperties.Pool properties,
			ExplicitRedisSettings explicit, Duration derivedMaxWait) {
		if (!(builder instanceof LettucePoolingClientConfigurationBuilder pooling)) {
			return;
		}
		GenericObjectPoolConfig<StatefulConnection<?, ?>> config = ((LettucePoolingClientConfiguration) builder
			.build()).getPoolConfig().clone();
		@Nullable Integer springMaxActive = springPool(explicit, "max-active");
		@Nullable Integer springMaxIdle = springPool(explicit, "max-idle");
		@Nullable Integer springMinIdle = springPool(explicit, "min-idle");
		int maxActive = (springMaxActive != null) ? springMaxActive : properties.getMaxActive();
		int maxIdle = maxIdle(properties, springMaxIdle, maxActive, (springMaxActive != null));
		int minIdle = minIdle(properties, springMinIdle, maxIdle, (springMaxActive != null || springMaxIdle != null));
		config.setMaxTotal(maxActive);
		config.setMaxIdle(maxIdle);
		config.setMinIdle(minIdle);
		if (!explicit.isSet(ExplicitRedisSettings.POOL + "max-wait")) {
			config.setMaxWait((properties.getMaxWait() != null) ? properties.getMaxWait() : derivedMaxWait);
		}
		if (!explicit.isSet(ExplicitRedisSettings.POOL + "time-between-eviction-runs")) {
			config.setTimeBetweenEvictionRuns(properties.getTimeBetweenEvictionRuns());
		}
		pooling.poolConfig(config);
	}

	private static @Nullable Integer springPool(ExplicitRedisSettings explicit, String key) {
		return explicit.get(ExplicitRedisSettings.POOL + key, Integer.class).orElse(null);
	}

	private static int maxIdle(RedisPoolProperties.Pool properties, @Nullable Integer springMaxIdle, int maxActive,
			boolean maxActiveFromSpring) {
		if (springMaxIdle != null) {
			return springMaxIdle;
		}
		Integer configured = properties.getMaxIdle();
		if (configured == null) {
			return maxActive;
		}
		if (maxActiveFromSpring && maxActive >= 0 && configured > maxActive) {
			throw new InvalidResilientDbPropertyException(RESILIENTDB_POOL + "max-idle", configured,
					"at most spring.data.redis.lettuce.pool.max-active (" + maxActive + "), or unset");
		}
		return configured;
	}

	private static int minIdle(RedisPoolProperties.Pool properties, @Nullable Integer springMinIdle, int maxIdle,
			boolean limitFromSpring) {
		if (springMinIdle != null) {
			return springMinIdle;
		}
		Integer configured = properties.getMinIdle();
		if (configured == null) {
			return (maxIdle >= 0) ? Math.min(DEFAULT_MIN_IDLE, maxIdle) : DEFAULT_MIN_IDLE;
		}
		if (limitFromSpring && maxIdle >= 0 && configured > maxIdle) {
			throw new InvalidResilientDbPropertyException(RESILIENTDB_POOL + "min-idle", configured,
					"at most the pool's maximum idle connections (" + maxIdle
							+ ", from spring.data.redis.lettuce.pool), or unset");
		}
		return configured;
	}

}
