package io.github.resilientdb.test;

import io.github.resilientdb.test.proxy.FaultProxy;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.ssl.SslBundle;

/**
 * Redis connection details of a standalone server reached through a fault proxy; credentials, database and SSL are
 * the original's.
 */
final class ProxiedRedisConnectionDetails implements DataRedisConnectionDetails {

	private final DataRedisConnectionDetails delegate;

	private final Standalone standalone;

	private ProxiedRedisConnectionDetails(DataRedisConnectionDetails delegate, Standalone standalone) {
		this.delegate = delegate;
		this.standalone = standalone;
	}

	static boolean handles(Object bean) {
		return bean instanceof DataRedisConnectionDetails && !(bean instanceof ProxiedRedisConnectionDetails);
	}

	static DataRedisConnectionDetails wrap(Object bean, String beanName, ChaosProxies proxies) {
		DataRedisConnectionDetails details = (DataRedisConnectionDetails) bean;
		Standalone original = details.getStandalone();
		if (details.getSentinel() != null || details.getCluster() != null || details.getMasterReplica() != null
				|| original == null) {
			throw new IllegalStateException("@ResilientDbChaos puts a proxy only in front of a standalone Redis "
					+ "server; bean '" + beanName + "' configures Sentinel or a cluster (spring.data.redis.sentinel.* "
					+ "or spring.data.redis.cluster.*)");
		}
		FaultProxy proxy = proxies.register("redis", beanName, original.getHost(), original.getPort());
		return new ProxiedRedisConnectionDetails(details,
				Standalone.of("127.0.0.1", proxy.port(), original.getDatabase()));
	}

	@Override
	public Standalone getStandalone() {
		return this.standalone;
	}

	@Override
	public @Nullable String getUsername() {
		return this.delegate.getUsername();
	}

	@Override
	public @Nullable String getPassword() {
		return this.delegate.getPassword();
	}

	@Override
	public @Nullable SslBundle getSslBundle() {
		return this.delegate.getSslBundle();
	}

}
