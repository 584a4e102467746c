package io.github.resilientdb.redis.autoconfigure;

import java.lang.reflect.Field;

import org.jspecify.annotations.Nullable;

import org.springframework.data.keyvalue.core.KeyValueTemplate;
import org.springframework.data.redis.core.RedisAccessor;
import org.springframework.data.redis.core.RedisKeyValueAdapter;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.util.ReflectionUtils;

/**
 * The way from a Spring Data Redis repository's {@code keyValueOperations} (the {@code RedisKeyValueTemplate} of
 * {@code @EnableRedisRepositories(keyValueTemplateRef)}) to its {@code RedisConnectionFactory}: template, its
 * {@code RedisKeyValueAdapter}, the adapter's {@code RedisOperations}
 * ({@code @EnableRedisRepositories(redisTemplateRef)}), their connection factory.
 */
final class RedisRepositoryClients {

	/**
	 * The adapter's {@code RedisOperations}, which Spring Data Redis 4.0 and 4.1 keep without an accessor; read, never
	 * written.
	 */
	private static final @Nullable Field REDIS_OPERATIONS = ReflectionUtils.findField(RedisKeyValueAdapter.class,
			"redisOps", RedisOperations.class);

	static {
		if (REDIS_OPERATIONS != null) {
			ReflectionUtils.makeAccessible(REDIS_OPERATIONS);
		}
	}

	private RedisRepositoryClients() {
	}

	/**
	 * The connection factory a repository's key-value operations work through.
	 * @param keyValueOperations the repository's key-value operations
	 * @return the connection factory, or {@code null} when it cannot be told
	 */
	static @Nullable Object connectionFactory(Object keyValueOperations) {
		if (REDIS_OPERATIONS != null && keyValueOperations instanceof KeyValueTemplate template
				&& template.getKeyValueAdapter() instanceof RedisKeyValueAdapter adapter
				&& ReflectionUtils.getField(REDIS_OPERATIONS, adapter) instanceof RedisAccessor accessor) {
			return accessor.getConnectionFactory();
		}
		return null;
	}

}
