package io.github.resilientdb.r2dbc.pool;

import io.github.resilientdb.health.PoolUsage;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.pool.PoolMetrics;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.Wrapped;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * A snapshot of an r2dbc-pool {@link ConnectionPool}'s metrics, read from memory.
 *
 * @param acquired connections handed out
 * @param allocated connections open, handed out or idle
 * @param idle connections open and free
 * @param pending subscribers waiting for a connection
 * @param maxAllocated the most connections the pool opens ({@code spring.r2dbc.pool.max-size})
 * @param maxPending the most subscribers that may wait ({@link Integer#MAX_VALUE} when unbounded)
 */
public record R2dbcPoolStats(int acquired, int allocated, int idle, int pending, int maxAllocated, int maxPending) {

	private static final boolean POOL_PRESENT = ClassUtils.isPresent("io.r2dbc.pool.ConnectionPool",
			R2dbcPoolStats.class.getClassLoader());

	private static final int MAX_UNWRAP_DEPTH = 8;

	/**
	 * Reads the pool behind a connection factory.
	 * @param connectionFactory the connection factory, a {@link ConnectionPool} or a factory wrapping one
	 * @return the pool's metrics, or {@code null} when the factory is not pooled by r2dbc-pool or its metrics are off
	 */
	public static @Nullable R2dbcPoolStats of(ConnectionFactory connectionFactory) {
		return POOL_PRESENT ? Pool.read(connectionFactory) : null;
	}

	/**
	 * The pool's use, as the health probe reports it.
	 * @return the use
	 */
	public PoolUsage usage() {
		return PoolUsage.of(this.acquired, this.idle, this.pending, this.maxAllocated);
	}

	/**
	 * Reads r2dbc-pool, kept apart so that this class loads without it.
	 */
	private static final class Pool {

		static @Nullable R2dbcPoolStats read(ConnectionFactory connectionFactory) {
			ConnectionPool pool = find(connectionFactory);
			PoolMetrics metrics = (pool != null) ? pool.getMetrics().orElse(null) : null;
			if (metrics == null) {
				return null;
			}
			return new R2dbcPoolStats(metrics.acquiredSize(), metrics.allocatedSize(), metrics.idleSize(),
					metrics.pendingAcquireSize(), metrics.getMaxAllocatedSize(), metrics.getMaxPendingAcquireSize());
		}

		static @Nullable ConnectionPool find(ConnectionFactory connectionFactory) {
			Object current = connectionFactory;
			for (int depth = 0; depth < MAX_UNWRAP_DEPTH; depth++) {
				if (current instanceof ConnectionPool pool) {
					return pool;
				}
				if (!(current instanceof Wrapped<?> wrapped)) {
					return null;
				}
				current = wrapped.unwrap();
			}
			return null;
		}

	}

}
