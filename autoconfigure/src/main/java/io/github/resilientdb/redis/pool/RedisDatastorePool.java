package io.github.resilientdb.redis.pool;

import java.util.Map;

import io.github.resilientdb.actuate.DatastorePool;

/**
 * The commons-pool2 pools of one {@code redis} datastore's Lettuce connection factory, read and resized through
 * {@link RedisPoolControl}. A connection factory that does not pool shares one connection between all callers, which
 * has nothing to resize.
 */
public final class RedisDatastorePool implements DatastorePool {

	private final String datastore;

	private final RedisPoolControl control;

	/**
	 * Creates the pool view.
	 * @param datastore the datastore whose connection factory the pools are
	 * @param control the control of that Lettuce connection factory
	 */
	public RedisDatastorePool(String datastore, RedisPoolControl control) {
		this.datastore = datastore;
		this.control = control;
	}

	@Override
	public String datastore() {
		return this.datastore;
	}

	@Override
	public Object stats() {
		if (!this.control.isPooled()) {
			return Map.of("pooled", false);
		}
		return this.control.stats();
	}

	@Override
	public PoolSize size() {
		if (!this.control.isPooled()) {
			throw new UnsupportedOperationException("The Redis connection factory of datastore '" + this.datastore
					+ "' shares one connection between all callers, which has no size: "
					+ "set resilientdb.redis.pool.enabled=true to pool connections");
		}
		RedisPoolStats stats = this.control.stats();
		return new PoolSize(stats.maxActive(), stats.minIdle());
	}

	@Override
	public void resize(PoolSize size) {
		size();
		this.control.resize(size.maximumPoolSize(), size.minimumIdle());
	}

}
