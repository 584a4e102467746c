package io.github.resilientdb.jdbc.autoconfigure;

import java.lang.reflect.Modifier;

import javax.sql.DataSource;

import io.github.resilientdb.engine.SendTracker;
import org.aopalliance.intercept.MethodInterceptor;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.aop.framework.Advised;
import org.springframework.aop.framework.AopConfigException;
import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.support.NameMatchMethodPointcutAdvisor;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.core.Ordered;

/**
 * Tells the engine when a thread obtains a JDBC connection, the earliest point a statement can reach the server: a
 * call that never obtained one (the pool timed out, the server refused the connection) sent nothing. Each
 * {@link DataSource} bean is proxied as its own class (a {@code HikariDataSource} stays one) with advice on
 * {@code getConnection} only; a data source that cannot be proxied turns tracking off, and the engine falls back to
 * its atomic rule.
 */
final class SendTrackingDataSourcePostProcessor implements BeanPostProcessor, Ordered {

	private static final Log logger = LogFactory.getLog(SendTrackingDataSourcePostProcessor.class);

	private final SendTracker sendTracker = new SendTracker();

	SendTracker sendTracker() {
		return this.sendTracker;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (!(bean instanceof DataSource)) {
			return bean;
		}
		if (bean instanceof Advised || Modifier.isFinal(bean.getClass().getModifiers())) {
			this.sendTracker.untracked();
			logger.debug("DataSource '" + beanName + "' cannot be tracked; not-idempotent calls that may have sent"
					+ " nothing follow the atomic rule");
			return bean;
		}
		try {
			ProxyFactory proxyFactory = new ProxyFactory(bean);
			proxyFactory.setProxyTargetClass(true);
			NameMatchMethodPointcutAdvisor advisor = new NameMatchMethodPointcutAdvisor(connectionObtained());
			advisor.setMappedName("getConnection");
			proxyFactory.addAdvisor(advisor);
			proxyFactory.setFrozen(true);
			return proxyFactory.getProxy(bean.getClass().getClassLoader());
		}
		catch (AopConfigException | IllegalArgumentException ex) {
			this.sendTracker.untracked();
			logger.debug("DataSource '" + beanName + "' cannot be tracked: " + ex.getMessage());
			return bean;
		}
	}

	private MethodInterceptor connectionObtained() {
		SendTracker tracker = this.sendTracker;
		return (invocation) -> {
			Object connection = invocation.proceed();
			tracker.maySend();
			return connection;
		};
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
