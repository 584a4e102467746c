package io.github.resilientdb.redis.health;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.github.resilientdb.health.DatastoreProbe;
import io.github.resilientdb.health.PoolUsage;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.jspecify.annotations.Nullable;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;

/**
 * Probes the {@code redis} datastore with {@code PING} through the {@link RedisConnectionFactory}. With Lettuce the
 * command is sent asynchronously and awaited for the timeout only, so the probe's thread is freed on time even when
 * the connection hangs. The pool's use is that of Lettuce's commons-pool2 pools when pooling is on (read from their
 * JMX beans, see {@link LettucePoolMBeans}; unknown if the pool's JMX registration is turned off), else the single
 * shared connection is reported as one in use out of one.
 */
public final class RedisDatastoreProbe implements DatastoreProbe {

	private final RedisConnectionFactory connectionFactory;

	private final List<String> secrets;

	private final @Nullable LettucePoolMBeans pools;

	private final @Nullable String datastore;

	/**
	 * Creates a probe.
	 * @param connectionFactory the connection factory
	 * @param password the configured password, or {@code null}
	 */
	public RedisDatastoreProbe(RedisConnectionFactory connectionFactory, @Nullable String password) {
		this(connectionFactory, password, LettucePoolMBeans.platform(), null);
	}

	/**
	 * Creates the probe of a connection factory that is one of several.
	 * @param connectionFactory the connection factory
	 * @param password the configured password, or {@code null}
	 * @param datastore the datastore of this connection factory
	 */
	public RedisDatastoreProbe(RedisConnectionFactory connectionFactory, @Nullable String password,
			String datastore) {
		this(connectionFactory, password, LettucePoolMBeans.platform(), datastore);
	}

	RedisDatastoreProbe(RedisConnectionFactory connectionFactory, @Nullable String password,
			@Nullable LettucePoolMBeans pools) {
		this(connectionFactory, password, pools, null);
	}

	private RedisDatastoreProbe(RedisConnectionFactory connectionFactory, @Nullable String password,
			@Nullable LettucePoolMBeans pools, @Nullable String datastore) {
		this.datastore = datastore;
		this.connectionFactory = connectionFactory;
		this.secrets = (password != null) ? List.of(password) : List.of();
		this.pools = pools;
	}

	@Override
	public String type() {
		return "redis";
	}

	@Override
	public String replacedBootContributor() {
		return "redisHealthContributor";
	}

	/**
	 * The password a connection factory was given, to mask it in error messages.
	 * @param connectionFactory the connection factory
	 * @return the password of its standalone configuration, or {@code null} when it has none or is not Lettuce's
	 */
	public static @Nullable String password(RedisConnectionFactory connectionFactory) {
		if (connectionFactory instanceof LettuceConnectionFactory lettuce) {
			return lettuce.getStandaloneConfiguration().getPassword().toOptional().map(String::new).orElse(null);
		}
		return null;
	}

	@Override
	public @Nullable String datastore() {
		return this.datastore;
	}

	@Override
	public void check(Duration timeout) throws Exception {
		try (RedisConnection connection = this.connectionFactory.getConnection()) {
			if (connection.getNativeConnection() instanceof RedisClusterAsyncCommands<?, ?> commands) {
				RedisFuture<String> pong = commands.ping();
				try {
					pong.get(timeout.toNanos(), TimeUnit.NANOSECONDS);
				}
				finally {
					pong.cancel(false);
				}
			}
			else {
				connection.ping();
			}
		}
	}

	@Override
	public @Nullable PoolUsage pool() {
		if (!(this.connectionFactory instanceof LettuceConnectionFactory lettuce)) {
			return null;
		}
		if (!(lettuce.getClientConfiguration() instanceof LettucePoolingClientConfiguration pooling)) {
			return PoolUsage.multiplexedConnection();
		}
		GenericObjectPoolConfig<?> config = pooling.getPoolConfig();
		if (!config.getJmxEnabled() || this.pools == null) {
			return null;
		}
		PoolUsage usage = this.pools.usage();
		return (usage != null) ? usage : PoolUsage.of(0, 0, 0, config.getMaxTotal());
	}

	@Override
	public List<String> secrets() {
		return this.secrets;
	}

}
