package io.github.resilientdb.redis.send;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import io.github.resilientdb.engine.SendTracker;
import io.lettuce.core.RedisClient;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.DirectFieldAccessor;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.BeanFactoryAware;
import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.Ordered;
import org.springframework.data.redis.connection.ReactiveRedisConnectionFactory;
import org.springframework.data.redis.connection.RedisConfiguration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Adds a {@link SendTrackingCommandListener} to the Lettuce client of every {@link LettuceConnectionFactory} bean,
 * right after the factory has started (it builds its client then) and before anything can use it: Lettuce gives a
 * connection the listeners its client has when the connection opens. A factory created with eager initialization,
 * whose shared connection opened before, opens it again.
 * <p>
 * Tracking holds only while every Redis connection factory is tracked. It is turned off by one that cannot be: not
 * Lettuce (Jedis, a factory of the application's own), not started when initialized, a cluster client or a
 * master/replica connection (both may hand a command to a node connection still opening, on Lettuce's I/O thread),
 * or a factory created before this post-processor. The engine then falls back to its atomic rule.
 */
public final class SendTrackingConnectionFactoryPostProcessor
		implements BeanPostProcessor, BeanFactoryAware, SmartInitializingSingleton, Ordered {

	private static final Log logger = LogFactory.getLog(SendTrackingConnectionFactoryPostProcessor.class);

	private final SendTracker sendTracker = SendTracker.untilHooked();

	private final SendTrackingCommandListener listener = new SendTrackingCommandListener(this.sendTracker);

	private final Set<String> seen = ConcurrentHashMap.newKeySet();

	private @Nullable ListableBeanFactory beanFactory;

	/**
	 * The tracker the listeners of every Lettuce client feed.
	 * @return the tracker
	 */
	public SendTracker sendTracker() {
		return this.sendTracker;
	}

	@Override
	public void setBeanFactory(BeanFactory beanFactory) throws BeansException {
		if (beanFactory instanceof ListableBeanFactory listable) {
			this.beanFactory = listable;
		}
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof LettuceConnectionFactory factory) {
			this.seen.add(beanName);
			String reason = untrackable(factory);
			if (reason == null) {
				factory.getRequiredNativeClient().addListener(this.listener);
				if (factory.getEagerInitialization() && factory.getShareNativeConnection()) {
					factory.initConnection();
				}
			}
			else {
				untracked(beanName, reason);
			}
		}
		else if (bean instanceof RedisConnectionFactory || bean instanceof ReactiveRedisConnectionFactory) {
			this.seen.add(beanName);
			untracked(beanName, "not a LettuceConnectionFactory");
		}
		return bean;
	}

	/**
	 * Tracking starts once every Redis connection factory created so far was seen, and at least one was hooked.
	 */
	@Override
	public void afterSingletonsInstantiated() {
		ListableBeanFactory factories = this.beanFactory;
		if (factories == null) {
			this.sendTracker.untracked();
			return;
		}
		for (Class<?> type : new Class<?>[] { RedisConnectionFactory.class, ReactiveRedisConnectionFactory.class }) {
			for (String beanName : factories.getBeanNamesForType(type, true, false)) {
				if (!this.seen.contains(beanName) && isCreated(factories, beanName)) {
					untracked(beanName, "created before resilient-db could hook it");
				}
			}
		}
		if (!this.seen.isEmpty()) {
			this.sendTracker.hooked();
		}
	}

	private static @Nullable String untrackable(LettuceConnectionFactory factory) {
		if (!factory.isRunning()) {
			return "not started when initialized";
		}
		if (!(factory.getNativeClient() instanceof RedisClient)) {
			return "a cluster client";
		}
		if (factory.getClientConfiguration().getReadFrom().isPresent() || isStaticMasterReplica(factory)) {
			return "a master/replica connection";
		}
		return null;
	}

	private static boolean isStaticMasterReplica(LettuceConnectionFactory factory) {
		try {
			return !(new DirectFieldAccessor(factory)
				.getPropertyValue("configuration") instanceof RedisConfiguration configuration)
					|| RedisConfiguration.isStaticMasterReplicaConfiguration(configuration);
		}
		catch (BeansException ex) {
			// A Spring Data Redis that keeps its configuration elsewhere: the topology cannot be told.
			return true;
		}
	}

	private static boolean isCreated(ListableBeanFactory factories, String beanName) {
		return factories instanceof ConfigurableListableBeanFactory configurable
				&& configurable.containsSingleton(beanName);
	}

	private void untracked(String beanName, String reason) {
		this.sendTracker.untracked();
		logger.debug("Redis connection factory '" + beanName + "' cannot be tracked (" + reason
				+ "); not-idempotent calls that may have sent nothing follow the atomic rule");
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
