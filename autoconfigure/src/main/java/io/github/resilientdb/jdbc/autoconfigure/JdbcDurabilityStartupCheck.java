package io.github.resilientdb.jdbc.autoconfigure;

import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.TreeSet;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilientdb.Durability;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;
import io.github.resilientdb.jdbc.JdbcDatabase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.Environment;
import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * Says at start-up what MariaDB/MySQL cannot promise per transaction: a {@code CRITICAL} default level fails the
 * start; an {@code IMPORTANT} default level, and {@code @ResilientDb} methods of a jdbc datastore asking for
 * {@code CRITICAL} or {@code IMPORTANT}, are logged as warnings (such calls fail when they run, never degrade).
 */
final class JdbcDurabilityStartupCheck implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(JdbcDurabilityStartupCheck.class);

	private final ConfigurableListableBeanFactory beanFactory;

	private final Environment environment;

	private final Durability defaultLevel;

	JdbcDurabilityStartupCheck(ConfigurableListableBeanFactory beanFactory, Environment environment,
			Durability defaultLevel) {
		this.beanFactory = beanFactory;
		this.environment = environment;
		this.defaultLevel = defaultLevel;
	}

	@Override
	public void afterSingletonsInstantiated() {
		List<String> mariaDbDataSources = mariaDbDataSources();
		if (mariaDbDataSources.isEmpty()) {
			return;
		}
		String where = "MariaDB/MySQL data source(s) " + mariaDbDataSources;
		if (this.defaultLevel == Durability.CRITICAL) {
			throw new InvalidResilientDbPropertyException("resilientdb.jdbc.durability.default-level",
					this.defaultLevel, "DEFAULT, IMPORTANT or BULK: the " + where
							+ " cannot make a transaction wait for its replicas, so every transaction would fail");
		}
		if (this.defaultLevel == Durability.IMPORTANT) {
			logger.warn("resilientdb.jdbc.durability.default-level=IMPORTANT cannot be set per transaction on the "
					+ where + ": each transaction is checked against the server's innodb_flush_log_at_trx_commit "
					+ "and fails unless it is 1");
		}
		List<String> methods = methodsAskingForDurability();
		if (!methods.isEmpty()) {
			logger.warn("@ResilientDb methods ask for a durability that cannot be set per transaction on the " + where
					+ ": " + methods + ". CRITICAL calls fail there; IMPORTANT calls fail unless the server runs "
					+ "with innodb_flush_log_at_trx_commit=1.");
		}
	}

	private List<String> mariaDbDataSources() {
		List<String> names = new ArrayList<>();
		for (String name : this.beanFactory.getBeanNamesForType(DataSource.class, false, false)) {
			if (!this.beanFactory.containsSingleton(name)) {
				continue;
			}
			HikariDataSource hikari = hikari(this.beanFactory.getBean(name, DataSource.class));
			if (hikari != null && JdbcDatabase.fromUrl(hikari.getJdbcUrl()) == JdbcDatabase.MARIADB) {
				names.add(name);
			}
		}
		return names;
	}

	private static @Nullable HikariDataSource hikari(DataSource dataSource) {
		try {
			return dataSource.isWrapperFor(HikariDataSource.class) ? dataSource.unwrap(HikariDataSource.class) : null;
		}
		catch (SQLException ex) {
			return null;
		}
	}

	private List<String> methodsAskingForDurability() {
		TreeSet<String> methods = new TreeSet<>();
		for (String name : this.beanFactory.getSingletonNames()) {
			Object bean = this.beanFactory.getSingleton(name);
			if (bean instanceof FactoryBean<?> factoryBean && factoryBean.isSingleton()
					&& this.beanFactory.containsBean(name)) {
				bean = this.beanFactory.getBean(name);
			}
			if (bean == null) {
				continue;
			}
			Class<?> type = AopUtils.getTargetClass(bean);
			Method[] candidates = Proxy.isProxyClass(type)
					? Arrays.stream(type.getInterfaces())
						.flatMap((contract) -> Arrays.stream(contract.getMethods()))
						.toArray(Method[]::new)
					: ReflectionUtils.getUniqueDeclaredMethods(ClassUtils.getUserClass(type),
							ReflectionUtils.USER_DECLARED_METHODS);
			for (Method method : candidates) {
				ResilientDb annotation = annotation(method);
				if (annotation != null && isJdbc(annotation.datastore())
						&& (annotation.durability() == Durability.CRITICAL
								|| annotation.durability() == Durability.IMPORTANT)) {
					methods.add(method.getDeclaringClass().getSimpleName() + "." + method.getName() + " ("
							+ annotation.durability() + ")");
				}
			}
		}
		return new ArrayList<>(methods);
	}

	private static @Nullable ResilientDb annotation(Method method) {
		ResilientDb annotation = AnnotatedElementUtils.findMergedAnnotation(method, ResilientDb.class);
		return (annotation != null) ? annotation
				: AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(), ResilientDb.class);
	}

	private boolean isJdbc(String datastore) {
		if (datastore.isEmpty()) {
			return false;
		}
		return "jdbc".equals(this.environment.getProperty("resilientdb.datastores." + datastore + ".type", datastore));
	}

}
