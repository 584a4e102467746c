package io.github.resilientdb.mongo.pool;

import java.util.List;

import com.mongodb.MongoClientSettings;
import com.mongodb.connection.ClusterId;
import io.github.resilientdb.actuate.DatastorePool;
import org.jspecify.annotations.Nullable;

/**
 * The MongoDB driver's connection pools (one per server) of one {@code mongo} datastore's client, as
 * {@link MongoPoolMonitor} sees them. The driver's pool settings are immutable, so they cannot be resized at
 * runtime.
 */
public final class MongoDatastorePool implements DatastorePool {

	private final String datastore;

	private final MongoPoolMonitor monitor;

	private final @Nullable ClusterId cluster;

	/**
	 * Creates the pool view.
	 * @param datastore the datastore whose client the pools are
	 * @param monitor the monitor registered with the client's pools
	 * @param cluster the client's cluster, to tell its pools from other clients' the monitor sees, or {@code null}
	 * to show every pool the monitor sees
	 */
	public MongoDatastorePool(String datastore, MongoPoolMonitor monitor, @Nullable ClusterId cluster) {
		this.datastore = datastore;
		this.monitor = monitor;
		this.cluster = cluster;
	}

	/**
	 * Creates the pool view of a client if the monitor is registered with its pools, which the starter does for the
	 * client Spring Boot builds and an application does for its own clients by applying the
	 * {@code MongoClientSettingsBuilderCustomizer} beans.
	 * @param datastore the datastore whose client it is
	 * @param monitor the monitor
	 * @param client the client, of either driver (synchronous or reactive streams)
	 * @return the pool view, or {@code null} if the client is not the driver's own implementation or the monitor is
	 * not registered with its pools
	 */
	public static @Nullable MongoDatastorePool ofMonitored(String datastore, MongoPoolMonitor monitor,
			Object client) {
		MongoClientSettings settings = MongoDriverClients.settings(client);
		ClusterId cluster = MongoDriverClients.cluster(client);
		if (settings != null && cluster != null
				&& settings.getConnectionPoolSettings().getConnectionPoolListeners().contains(monitor)) {
			return new MongoDatastorePool(datastore, monitor, cluster);
		}
		return null;
	}

	@Override
	public String datastore() {
		return this.datastore;
	}

	@Override
	public List<MongoPoolStats> stats() {
		return this.monitor.stats(this.cluster);
	}

	@Override
	public PoolSize size() {
		throw new UnsupportedOperationException("The MongoDB driver cannot resize its connection pools at runtime: "
				+ "change resilientdb.mongo.pool.max-size and min-size and restart the application");
	}

}
