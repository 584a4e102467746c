package io.github.resilientdb.test;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.util.ClassUtils;

/**
 * Replaces each JDBC, Redis and MongoDB connection details bean (from properties or from a
 * {@code @ServiceConnection}) by one that points at a new {@link io.github.resilientdb.test.proxy.FaultProxy} in
 * front of the original server. Acts before the clients are built, since they are built from these beans. Each store
 * is handled only when the application has its Spring Boot module.
 */
final class ConnectionDetailsProxyingPostProcessor implements BeanPostProcessor {

	private static final ClassLoader CLASS_LOADER = ConnectionDetailsProxyingPostProcessor.class.getClassLoader();

	private static final boolean JDBC = ClassUtils
		.isPresent("org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails", CLASS_LOADER);

	private static final boolean REDIS = ClassUtils
		.isPresent("org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails", CLASS_LOADER);

	private static final boolean MONGO = ClassUtils
		.isPresent("org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails", CLASS_LOADER);

	private final ChaosProxies proxies;

	ConnectionDetailsProxyingPostProcessor(ChaosProxies proxies) {
		this.proxies = proxies;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (JDBC && ProxiedJdbcConnectionDetails.handles(bean)) {
			return ProxiedJdbcConnectionDetails.wrap(bean, beanName, this.proxies);
		}
		if (REDIS && ProxiedRedisConnectionDetails.handles(bean)) {
			return ProxiedRedisConnectionDetails.wrap(bean, beanName, this.proxies);
		}
		if (MONGO && ProxiedMongoConnectionDetails.handles(bean)) {
			return ProxiedMongoConnectionDetails.wrap(bean, beanName, this.proxies);
		}
		return bean;
	}

}
