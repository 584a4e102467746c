package io.github.resilientdb.mongo.pool;

import java.lang.reflect.Method;

import com.mongodb.MongoClientSettings;
import com.mongodb.connection.ClusterId;
import com.mongodb.internal.connection.Cluster;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ReflectionUtils;

/**
 * Reads the settings and the cluster of a {@code MongoClient} of either driver (synchronous or reactive streams) from
 * the driver's own implementation, which keeps them ({@code getSettings()}, {@code getCluster()}) but does not
 * expose them on its interface. Taken as an {@code Object} so that neither driver has to be on the class path.
 */
public final class MongoDriverClients {

	private static final String DRIVER_PACKAGE = "com.mongodb.";

	private MongoDriverClients() {
	}

	/**
	 * The settings a client was built with.
	 * @param client a client of either driver
	 * @return its settings, or {@code null} if it is not the driver's own implementation
	 */
	public static @Nullable MongoClientSettings settings(Object client) {
		return (invoke(client, "getSettings") instanceof MongoClientSettings settings) ? settings : null;
	}

	/**
	 * The cluster of a client, which names its connection pools' servers.
	 * @param client a client of either driver
	 * @return its cluster, or {@code null} if it is not the driver's own implementation
	 */
	public static @Nullable ClusterId cluster(Object client) {
		return (invoke(client, "getCluster") instanceof Cluster cluster) ? cluster.getClusterId() : null;
	}

	private static @Nullable Object invoke(Object client, String accessor) {
		if (!client.getClass().getName().startsWith(DRIVER_PACKAGE)) {
			return null;
		}
		Method method = ReflectionUtils.findMethod(client.getClass(), accessor);
		if (method == null) {
			return null;
		}
		ReflectionUtils.makeAccessible(method);
		return ReflectionUtils.invokeMethod(method, client);
	}

}
