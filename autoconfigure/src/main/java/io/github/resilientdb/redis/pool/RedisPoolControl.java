package io.github.resilientdb.redis.pool;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import io.lettuce.core.api.StatefulConnection;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.apache.commons.pool2.impl.GenericObjectPool;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;
import org.springframework.util.ReflectionUtils;

/**
 * Controls the commons-pool2 pools of a running {@link LettuceConnectionFactory} without a restart: statistics,
 * resizing and eviction of idle connections.
 * <p>
 * Spring Data Redis keeps its pools ({@code GenericObjectPool}, one per kind of connection, created on first use) in
 * private fields of package-private classes, with no public accessor. This control reaches them by reflection
 * ({@code LettuceConnectionFactory.connectionProvider}, its {@code delegate}, then
 * {@code LettucePoolingConnectionProvider.pools}, as in Spring Data Redis 4.1); if a later version moves them, every
 * method fails with an {@link IllegalStateException} saying so, rather than pretending. Resizing also changes the
 * factory's {@code GenericObjectPoolConfig}, so that pools created afterwards get the new sizes.
 */
public final class RedisPoolControl {

	private static final Log logger = LogFactory.getLog(RedisPoolControl.class);

	private static final List<String> PROVIDER_FIELDS = List.of("connectionProvider", "reactiveConnectionProvider");

	private final LettuceConnectionFactory connectionFactory;

	/**
	 * Creates a control for a connection factory.
	 * @param connectionFactory the factory
	 */
	public RedisPoolControl(LettuceConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	/**
	 * Whether the factory pools its connections.
	 * @return whether its client configuration is a pooling one
	 */
	public boolean isPooled() {
		return this.connectionFactory.getClientConfiguration() instanceof LettucePoolingClientConfiguration;
	}

	/**
	 * The pools' current counts, summed over the pools created so far (none before the first connection).
	 * @return the statistics
	 * @throws IllegalStateException if the factory does not pool, or its pools cannot be reached
	 */
	public RedisPoolStats stats() {
		GenericObjectPoolConfig<?> config = config();
		int active = 0;
		int idle = 0;
		int waiters = 0;
		long created = 0;
		long destroyed = 0;
		List<GenericObjectPool<?>> pools = pools();
		for (GenericObjectPool<?> pool : pools) {
			active += pool.getNumActive();
			idle += pool.getNumIdle();
			waiters += pool.getNumWaiters();
			created += pool.getCreatedCount();
			destroyed += pool.getDestroyedCount();
		}
		GenericObjectPool<?> first = pools.isEmpty() ? null : pools.get(0);
		return new RedisPoolStats(pools.size(), active, idle, waiters,
				(first != null) ? first.getMaxTotal() : config.getMaxTotal(),
				(first != null) ? first.getMaxIdle() : config.getMaxIdle(),
				(first != null) ? first.getMinIdle() : config.getMinIdle(),
				(first != null) ? first.getMaxWaitDuration() : config.getMaxWaitDuration(),
				(first != null) ? first.getDurationBetweenEvictionRuns() : config.getDurationBetweenEvictionRuns(),
				created, destroyed);
	}

	/**
	 * Resizes every pool, and the configuration of pools created later; the maximum of idle connections becomes
	 * {@code maxActive}. Shrinking does not close connections in use: they are closed when returned while the pool
	 * holds more than its new maximum. Growing the minimum opens connections at the evictor's next run.
	 * @param maxActive the new maximum number of connections of each pool, at least 1
	 * @param minIdle the new minimum number of idle connections, between 0 and {@code maxActive}
	 * @throws IllegalArgumentException if the sizes are invalid
	 * @throws IllegalStateException if the factory does not pool, or its pools cannot be reached
	 */
	public void resize(int maxActive, int minIdle) {
		if (maxActive < 1) {
			throw new IllegalArgumentException("maxActive must be at least 1, not " + maxActive);
		}
		if (minIdle < 0 || minIdle > maxActive) {
			throw new IllegalArgumentException("minIdle must be between 0 and maxActive (" + maxActive + "), not "
					+ minIdle);
		}
		GenericObjectPoolConfig<?> config = config();
		config.setMaxTotal(maxActive);
		config.setMaxIdle(maxActive);
		config.setMinIdle(minIdle);
		for (GenericObjectPool<?> pool : pools()) {
			pool.setMaxTotal(maxActive);
			pool.setMaxIdle(maxActive);
			pool.setMinIdle(minIdle);
		}
		logger.info("Resized the Redis connection pools to max-active " + maxActive + ", min-idle " + minIdle);
	}

	/**
	 * Closes every idle connection of every pool, for instance after a failover; connections in use are returned
	 * as usual. The pools' evictor opens connections again up to their minimum of idle ones.
	 * @return the number of connections closed
	 * @throws IllegalStateException if the factory does not pool, or its pools cannot be reached
	 */
	public int evictIdle() {
		int evicted = 0;
		for (GenericObjectPool<?> pool : pools()) {
			int idle = pool.getNumIdle();
			pool.clear();
			evicted += idle - pool.getNumIdle();
		}
		return evicted;
	}

	private GenericObjectPoolConfig<StatefulConnection<?, ?>> config() {
		if (!(this.connectionFactory.getClientConfiguration() instanceof LettucePoolingClientConfiguration pooling)) {
			throw new IllegalStateException("The Redis connection factory does not pool connections: set "
					+ "resilientdb.redis.pool.enabled=true (or spring.data.redis.lettuce.pool.enabled=true)");
		}
		return pooling.getPoolConfig();
	}

	private List<GenericObjectPool<?>> pools() {
		config();
		List<GenericObjectPool<?>> pools = new ArrayList<>();
		for (String providerField : PROVIDER_FIELDS) {
			Object provider = unwrap(read(this.connectionFactory, providerField));
			if (provider == null) {
				continue;
			}
			if (!(read(provider, "pools") instanceof Map<?, ?> byType)) {
				throw unreachable(provider.getClass().getName() + " has no map of pools");
			}
			for (Object pool : byType.values()) {
				pools.add((GenericObjectPool<?>) pool);
			}
		}
		return pools;
	}

	private static @Nullable Object unwrap(@Nullable Object provider) {
		if (provider == null || !provider.getClass().getSimpleName().equals("ExceptionTranslatingConnectionProvider")) {
			return provider;
		}
		return read(provider, "delegate");
	}

	private static @Nullable Object read(Object target, String name) {
		Field field = ReflectionUtils.findField(target.getClass(), name);
		if (field == null) {
			throw unreachable(target.getClass().getName() + " has no field '" + name + "'");
		}
		try {
			ReflectionUtils.makeAccessible(field);
			return field.get(target);
		}
		catch (IllegalAccessException | RuntimeException ex) {
			throw new IllegalStateException(unreachable(name).getMessage(), ex);
		}
	}

	private static IllegalStateException unreachable(String detail) {
		return new IllegalStateException("The commons-pool2 pools of this Spring Data Redis version cannot be reached ("
				+ detail + "); RedisPoolControl supports Spring Data Redis 4.1");
	}

}
