package io.github.resilientdb.redis.autoconfigure;

import java.time.Duration;
import java.util.List;

import io.github.resilientdb.Durability;
import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;
import io.github.resilientdb.redis.durability.RedisDurabilityLevel;
import io.github.resilientdb.redis.durability.RedisDurabilityVerifier;
import io.lettuce.core.RedisClient;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Durability of Redis writes: the {@link RedisDurabilityVerifier} that runs {@code WAIT} (and {@code WAITAOF}) after
 * the writes of a {@code @ResilientDb} method asking for {@code CRITICAL} or {@code IMPORTANT}, configured under
 * {@code resilientdb.redis.durability}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		beforeName = "io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration")
@ConditionalOnClass({ RedisConnectionFactory.class, RedisClient.class })
@ConditionalOnBean(RedisConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "resilientdb.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RedisPoolProperties.class)
public final class RedisDurabilityAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "redisDurabilityVerifier")
	RedisDurabilityVerifier redisDurabilityVerifier(RedisPoolProperties properties,
			ObjectProvider<RedisConnectionFactory> connectionFactories) {
		RedisDurabilityLevel critical = level(properties.getDurability().getCritical());
		RedisDurabilityLevel important = level(properties.getDurability().getImportant());
		List<RedisConnectionFactory> factories = connectionFactories.orderedStream().toList();
		if (factories.size() != 1 || !(factories.get(0) instanceof LettuceConnectionFactory factory)) {
			return RedisDurabilityVerifier.unavailable("the application has " + factories.size()
					+ " Redis connection factories where one Lettuce factory is needed, " + factories, critical,
					important);
		}
		Duration commandTimeout = factory.getClientConfiguration().getCommandTimeout();
		requireWithinCommandTimeout(Durability.CRITICAL, critical, commandTimeout);
		requireWithinCommandTimeout(Durability.IMPORTANT, important, commandTimeout);
		return new RedisDurabilityVerifier(factory, critical, important);
	}

	private static RedisDurabilityLevel level(RedisPoolProperties.Level level) {
		return new RedisDurabilityLevel(level.getReplicas(), level.isLocalAof(), level.getAofReplicas(),
				level.getTimeout());
	}

	private static void requireWithinCommandTimeout(Durability durability, RedisDurabilityLevel level,
			Duration commandTimeout) {
		if (commandTimeout.isZero() || commandTimeout.isNegative()
				|| level.maximumWait().compareTo(commandTimeout) < 0) {
			return;
		}
		String waits = (level.replicas() > 0 && level.usesAof()) ? "twice the timeout (WAIT, then WAITAOF)"
				: "the timeout";
		throw new InvalidResilientDbPropertyException(
				RedisPoolProperties.DURABILITY + durability.name().toLowerCase() + ".timeout",
				RedisPoolProperties.format(level.timeout()), "a duration such that " + waits
						+ " stays below the Redis command timeout (" + RedisPoolProperties.format(commandTimeout)
						+ "), or the commands would time out before Redis answers how many acknowledged");
	}

}
