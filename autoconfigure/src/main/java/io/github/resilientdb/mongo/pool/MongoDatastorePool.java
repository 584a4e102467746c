package io.github.resilientdb.mongo.pool;

import java.util.List;

import io.github.resilientdb.actuate.DatastorePool;

/**
 * The MongoDB driver's connection pools (one per server) of the {@code mongo} datastores, as
 * {@link MongoPoolMonitor} sees them. The driver's pool settings are immutable, so they cannot be resized at
 * runtime.
 */
public final class MongoDatastorePool implements DatastorePool {

	private final MongoPoolMonitor monitor;

	/**
	 * Creates the pool view.
	 * @param monitor the monitor of the application's MongoDB pools
	 */
	public MongoDatastorePool(MongoPoolMonitor monitor) {
		this.monitor = monitor;
	}

	@Override
	public String datastoreType() {
		return "mongo";
	}

	@Override
	public List<MongoPoolStats> stats() {
		return this.monitor.stats();
	}

	@Override
	public PoolSize size() {
		throw new UnsupportedOperationException("The MongoDB driver cannot resize its connection pools at runtime: "
				+ "change resilientdb.mongo.pool.max-size and min-size and restart the application");
	}

}
