package io.github.resilientdb.redis.autoconfigure;

import java.util.List;

import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.redis.LettuceErrorClassifier;
import io.lettuce.core.RedisClient;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Makes the {@code redis} datastore available to {@code @ResilientDb} when the application has a Lettuce
 * {@link RedisConnectionFactory}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ RedisConnectionFactory.class, RedisClient.class })
@ConditionalOnBean(RedisConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "resilientdb.enabled", matchIfMissing = true)
public final class RedisResilientDbAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "redisDatastoreType")
	DatastoreType redisDatastoreType() {
		return new DatastoreType("redis", new LettuceErrorClassifier(),
				List.of("org.springframework.data.redis.", "org.springframework.data.keyvalue."));
	}

}
