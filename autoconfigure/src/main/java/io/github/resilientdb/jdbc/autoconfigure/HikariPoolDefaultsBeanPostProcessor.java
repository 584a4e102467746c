package io.github.resilientdb.jdbc.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.function.ObjLongConsumer;
import java.util.function.ToLongFunction;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.resilientdb.autoconfigure.DatastoreClients;
import io.github.resilientdb.autoconfigure.DeadlineTimeouts;
import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;
import io.github.resilientdb.engine.DatastorePolicy;
import io.github.resilientdb.jdbc.JdbcDatabase;
import io.github.resilientdb.jdbc.pool.HungServerEviction;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.context.properties.ConfigurationPropertiesBean;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.ApplicationContext;
import org.springframework.context.ApplicationContextAware;
import org.springframework.core.Ordered;

/**
 * Applies the {@code resilientdb.jdbc.pool} defaults to every {@link HikariDataSource} before its pool starts, each
 * one only where the application left the setting alone.
 * <p>
 * A setting counts as the application's when its key is bound under the bean's {@code @ConfigurationProperties}
 * prefix ({@code spring.datasource.hikari} for Boot's data source), or when its value differs from HikariCP's own
 * default (set in code). A driver timeout counts as the application's when it is a parameter of the JDBC URL or a
 * data source property. A default that does not fit a setting of the application adapts to it (logged at INFO);
 * only two settings the application made can conflict, which fails the start naming both properties.
 */
final class HikariPoolDefaultsBeanPostProcessor implements BeanPostProcessor, Ordered, ApplicationContextAware {

	private static final Log logger = LogFactory.getLog(HikariPoolDefaultsBeanPostProcessor.class);

	private static final long HIKARI_TIMEOUT_FLOOR_MILLIS = 250;

	private static final long HIKARI_KEEPALIVE_FLOOR_MILLIS = 30_000;

	private static final long HIKARI_LEAK_FLOOR_MILLIS = 2_000;

	private final ObjectProvider<JdbcPoolProperties> properties;

	private @Nullable ApplicationContext applicationContext;

	HikariPoolDefaultsBeanPostProcessor(ObjectProvider<JdbcPoolProperties> properties) {
		this.properties = properties;
	}

	@Override
	public void setApplicationContext(ApplicationContext applicationContext) throws BeansException {
		this.applicationContext = applicationContext;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof HikariDataSource dataSource) {
			applyDefaults(dataSource, beanName, this.properties.getObject().getPool());
		}
		return bean;
	}

	@Override
	public int getOrder() {
		// After ConfigurationPropertiesBindingPostProcessor and Boot's JdbcConnectionDetails post-processors.
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

	private void applyDefaults(HikariDataSource dataSource, String beanName, JdbcPoolProperties.Pool pool) {
		if (dataSource.isRunning()) {
			logger.warn("HikariCP pool '" + beanName + "' was started before resilient-db could apply "
					+ "resilientdb.jdbc.pool defaults; it keeps its own settings");
			return;
		}
		String prefix = boundPrefix(dataSource, beanName);
		Binder binder = (this.applicationContext != null) ? Binder.get(this.applicationContext.getEnvironment()) : null;
		DeadlineTimeouts timeouts = (this.applicationContext != null)
				? DeadlineTimeouts.of(this.applicationContext.getEnvironment(),
						DatastoreClients.of(this.applicationContext, DataSource.class, "jdbc").datastore(beanName))
				: DeadlineTimeouts.of(DatastorePolicy.DEFAULT_DEADLINE);
		Set<Setting> applied = EnumSet.noneOf(Setting.class);
		HikariConfig hikariDefaults = new HikariConfig();
		for (Setting setting : Setting.values()) {
			if (!isApplicationSetting(setting, dataSource, hikariDefaults, binder, prefix)) {
				setting.setter.accept(dataSource, setting.defaultOf(pool, timeouts, dataSource));
				applied.add(setting);
			}
		}
		Set<Setting> explicit = EnumSet.noneOf(Setting.class);
		for (Setting setting : applied) {
			if (binder != null && binder.bind(JdbcPoolProperties.POOL + setting.key, Bindable.of(String.class))
				.isBound()) {
				explicit.add(setting);
			}
		}
		Sources sources = new Sources(applied, explicit,
				(prefix != null) ? prefix + "." : "bean '" + beanName + "' ", beanName);
		sources.reconcile(dataSource, Setting.MINIMUM_IDLE, Setting.MAXIMUM_POOL_SIZE, false);
		sources.reconcile(dataSource, Setting.VALIDATION_TIMEOUT, Setting.CONNECTION_TIMEOUT, true);
		sources.reconcile(dataSource, Setting.KEEPALIVE_TIME, Setting.MAX_LIFETIME, true);
		sources.reconcile(dataSource, Setting.LEAK_DETECTION_THRESHOLD, Setting.MAX_LIFETIME, true);
		List<String> driverDefaults = applyDriverTimeouts(dataSource, pool, timeouts);
		if (dataSource.getExceptionOverride() == null && dataSource.getExceptionOverrideClassName() == null) {
			dataSource.setExceptionOverride(new HungServerEviction(dataSource, dataSource.getConnectionTimeout()));
		}
		if (applied.contains(Setting.LEAK_DETECTION_THRESHOLD) && !explicit.contains(Setting.LEAK_DETECTION_THRESHOLD)) {
			leakDetectionAboveSocketTimeout(dataSource, beanName);
		}
		if (logger.isDebugEnabled()) {
			logger.debug("Applied resilientdb.jdbc.pool defaults to HikariCP pool '" + beanName + "': " + applied
					+ " " + driverDefaults);
		}
	}

	private @Nullable String boundPrefix(HikariDataSource dataSource, String beanName) {
		if (this.applicationContext == null) {
			return null;
		}
		ConfigurationPropertiesBean bound = ConfigurationPropertiesBean.get(this.applicationContext, dataSource,
				beanName);
		return (bound != null) ? bound.getAnnotation().prefix() : null;
	}

	private static boolean isApplicationSetting(Setting setting, HikariDataSource dataSource,
			HikariConfig hikariDefaults, @Nullable Binder binder, @Nullable String prefix) {
		if (setting.getter.applyAsLong(dataSource) != setting.getter.applyAsLong(hikariDefaults)) {
			return true;
		}
		return binder != null && prefix != null
				&& binder.bind(prefix + "." + setting.key, Bindable.of(String.class)).isBound();
	}

	/**
	 * Keeps the default leak detection longer than the driver's socket timeout, so that a call waiting on a hung
	 * server is not logged as a leak before the driver gives up.
	 */
	private static void leakDetectionAboveSocketTimeout(HikariDataSource dataSource, String beanName) {
		long leak = dataSource.getLeakDetectionThreshold();
		Long socketMillis = socketTimeoutMillis(dataSource);
		if (leak == 0 || socketMillis == null || socketMillis == 0 || leak > socketMillis) {
			return;
		}
		long adapted = 2 * socketMillis;
		if (adapted >= dataSource.getMaxLifetime()) {
			adapted = 0;
		}
		dataSource.setLeakDetectionThreshold(adapted);
		logger.info("HikariCP pool '" + beanName + "': resilient-db's default leak-detection-threshold ("
				+ Setting.LEAK_DETECTION_THRESHOLD.format(leak) + ") adapted to "
				+ Setting.LEAK_DETECTION_THRESHOLD.format(adapted) + " to stay above the driver's socketTimeout ("
				+ Setting.LEAK_DETECTION_THRESHOLD.format(socketMillis) + ")");
	}

	private static @Nullable Long socketTimeoutMillis(HikariDataSource dataSource) {
		String url = dataSource.getJdbcUrl();
		if (url == null) {
			return null;
		}
		JdbcDatabase database = JdbcDatabase.fromUrl(url);
		if (database == JdbcDatabase.OTHER) {
			return null;
		}
		String value = dataSource.getDataSourceProperties()
			.stringPropertyNames()
			.stream()
			.filter("socketTimeout"::equalsIgnoreCase)
			.findFirst()
			.map(dataSource.getDataSourceProperties()::getProperty)
			.orElseGet(() -> urlParameter(url, "socketTimeout"));
		if (value == null) {
			return null;
		}
		try {
			long parsed = Long.parseLong(value.trim());
			return (database == JdbcDatabase.POSTGRESQL) ? parsed * 1000 : parsed;
		}
		catch (NumberFormatException ex) {
			return null;
		}
	}

	private static List<String> applyDriverTimeouts(HikariDataSource dataSource, JdbcPoolProperties.Pool pool,
			DeadlineTimeouts timeouts) {
		String url = dataSource.getJdbcUrl();
		if (url == null || dataSource.getDataSource() != null || dataSource.getDataSourceClassName() != null) {
			return List.of();
		}
		JdbcDatabase database = JdbcDatabase.fromUrl(url);
		if (database == JdbcDatabase.OTHER) {
			return List.of();
		}
		List<String> applied = new ArrayList<>();
		applyDriverTimeout(dataSource, url, "socketTimeout",
				driverValue(database, orElse(pool.getSocketTimeout(), timeouts.socket())), applied);
		applyDriverTimeout(dataSource, url, "connectTimeout",
				driverValue(database, orElse(pool.getConnectTimeout(), timeouts.connect())), applied);
		return applied;
	}

	private static String driverValue(JdbcDatabase database, Duration timeout) {
		// PostgreSQL counts in whole seconds, MariaDB and MySQL in milliseconds.
		long value = (database == JdbcDatabase.POSTGRESQL) ? (timeout.toMillis() + 999) / 1000 : timeout.toMillis();
		return Long.toString(value);
	}

	private static void applyDriverTimeout(HikariDataSource dataSource, String url, String name, String value,
			List<String> applied) {
		boolean inProperties = dataSource.getDataSourceProperties()
			.stringPropertyNames()
			.stream()
			.anyMatch(name::equalsIgnoreCase);
		if (!inProperties && urlParameter(url, name) == null) {
			dataSource.addDataSourceProperty(name, value);
			applied.add(name + "=" + value);
		}
	}

	private static @Nullable String urlParameter(String url, String name) {
		int query = url.indexOf('?');
		if (query < 0) {
			return null;
		}
		for (String parameter : url.substring(query + 1).split("[&;]")) {
			int equals = parameter.indexOf('=');
			String key = (equals < 0) ? parameter : parameter.substring(0, equals);
			if (key.trim().equalsIgnoreCase(name)) {
				return (equals < 0) ? "" : parameter.substring(equals + 1);
			}
		}
		return null;
	}

	private static Duration orElse(@Nullable Duration value, Duration derived) {
		return (value != null) ? value : derived;
	}

	/**
	 * The pool settings, named as both HikariCP's and resilient-db's properties name them.
	 */
	private enum Setting {

		MAXIMUM_POOL_SIZE("maximum-pool-size", HikariConfig::getMaximumPoolSize,
				(config, value) -> config.setMaximumPoolSize((int) value)),

		MINIMUM_IDLE("minimum-idle", HikariConfig::getMinimumIdle,
				(config, value) -> config.setMinimumIdle((int) value)),

		CONNECTION_TIMEOUT("connection-timeout", HikariConfig::getConnectionTimeout,
				HikariConfig::setConnectionTimeout),

		VALIDATION_TIMEOUT("validation-timeout", HikariConfig::getValidationTimeout,
				HikariConfig::setValidationTimeout),

		IDLE_TIMEOUT("idle-timeout", HikariConfig::getIdleTimeout, HikariConfig::setIdleTimeout),

		MAX_LIFETIME("max-lifetime", HikariConfig::getMaxLifetime, HikariConfig::setMaxLifetime),

		KEEPALIVE_TIME("keepalive-time", HikariConfig::getKeepaliveTime, HikariConfig::setKeepaliveTime),

		LEAK_DETECTION_THRESHOLD("leak-detection-threshold", HikariConfig::getLeakDetectionThreshold,
				HikariConfig::setLeakDetectionThreshold);

		private final String key;

		private final ToLongFunction<HikariConfig> getter;

		private final ObjLongConsumer<HikariConfig> setter;

		Setting(String key, ToLongFunction<HikariConfig> getter, ObjLongConsumer<HikariConfig> setter) {
			this.key = key;
			this.getter = getter;
			this.setter = setter;
		}

		long defaultOf(JdbcPoolProperties.Pool pool, DeadlineTimeouts timeouts, HikariConfig config) {
			return switch (this) {
				case MAXIMUM_POOL_SIZE -> pool.getMaximumPoolSize();
				case MINIMUM_IDLE -> (pool.getMinimumIdle() != null) ? pool.getMinimumIdle()
						: config.getMaximumPoolSize();
				case CONNECTION_TIMEOUT -> orElse(pool.getConnectionTimeout(), timeouts.poolWait()).toMillis();
				case VALIDATION_TIMEOUT -> validationDefault(pool, timeouts).toMillis();
				case IDLE_TIMEOUT -> pool.getIdleTimeout().toMillis();
				case MAX_LIFETIME -> pool.getMaxLifetime().toMillis();
				case KEEPALIVE_TIME -> pool.getKeepaliveTime().toMillis();
				case LEAK_DETECTION_THRESHOLD -> orElse(pool.getLeakDetectionThreshold(), timeouts.leakDetection())
					.toMillis();
			};
		}

		private static Duration validationDefault(JdbcPoolProperties.Pool pool, DeadlineTimeouts timeouts) {
			if (pool.getValidationTimeout() != null) {
				return pool.getValidationTimeout();
			}
			if (pool.getConnectionTimeout() == null) {
				return timeouts.validation();
			}
			Duration half = pool.getConnectionTimeout().dividedBy(2);
			return (half.toMillis() >= HIKARI_TIMEOUT_FLOOR_MILLIS) ? half
					: Duration.ofMillis(HIKARI_TIMEOUT_FLOOR_MILLIS);
		}

		/**
		 * The value this setting takes when it must be below the given value of the setting it pairs with.
		 */
		long below(long upper) {
			return switch (this) {
				case MINIMUM_IDLE -> upper;
				case VALIDATION_TIMEOUT -> Math.max(HIKARI_TIMEOUT_FLOOR_MILLIS, upper / 2);
				case KEEPALIVE_TIME -> (upper / 2 >= HIKARI_KEEPALIVE_FLOOR_MILLIS) ? upper / 2 : 0;
				case LEAK_DETECTION_THRESHOLD -> (upper / 2 >= HIKARI_LEAK_FLOOR_MILLIS) ? upper / 2 : 0;
				default -> throw new IllegalStateException(this + " is never the lower of a pair");
			};
		}

		/**
		 * The value this setting takes when it must be above the given value of the setting it pairs with.
		 */
		long above(long lower) {
			return switch (this) {
				case MAXIMUM_POOL_SIZE -> lower;
				case CONNECTION_TIMEOUT, MAX_LIFETIME -> 2 * lower;
				default -> throw new IllegalStateException(this + " is never the upper of a pair");
			};
		}

		String format(long value) {
			return (this == MAXIMUM_POOL_SIZE || this == MINIMUM_IDLE) ? Long.toString(value)
					: JdbcPoolProperties.format(Duration.ofMillis(value));
		}

	}

	/**
	 * Which settings came from resilient-db, to adapt a default to the application's setting, or to name both
	 * properties when two settings the application made do not fit.
	 *
	 * @param applied the settings set from {@code resilientdb.jdbc.pool}
	 * @param explicit the applied settings the application gave under {@code resilientdb.jdbc.pool}
	 * @param applicationSource how to name the application's setting: its key prefix or its bean
	 * @param beanName the pool's bean name, for the log
	 */
	private record Sources(Set<Setting> applied, Set<Setting> explicit, String applicationSource, String beanName) {

		void reconcile(HikariConfig config, Setting lower, Setting upper, boolean strict) {
			long lowerValue = lower.getter.applyAsLong(config);
			long upperValue = upper.getter.applyAsLong(config);
			boolean disabled = lowerValue == 0 && (lower == Setting.KEEPALIVE_TIME
					|| lower == Setting.LEAK_DETECTION_THRESHOLD);
			boolean fits = disabled || ((strict) ? lowerValue < upperValue : lowerValue <= upperValue);
			boolean lowerIsDefault = this.applied.contains(lower) && !this.explicit.contains(lower);
			boolean upperIsDefault = this.applied.contains(upper) && !this.explicit.contains(upper);
			if (fits || (lowerIsDefault && upperIsDefault)) {
				return;
			}
			if (lowerIsDefault) {
				adapt(config, lower, lowerValue, lower.below(upperValue), upper, upperValue);
				return;
			}
			if (upperIsDefault) {
				adapt(config, upper, upperValue, upper.above(lowerValue), lower, lowerValue);
				return;
			}
			String comparison = (strict) ? "less than" : "no greater than";
			throw new InvalidResilientDbPropertyException(name(lower), lower.format(lowerValue),
					"a value " + comparison + " " + name(upper) + " (" + upper.format(upperValue)
							+ "): the two settings conflict; change one of them");
		}

		private void adapt(HikariConfig config, Setting setting, long from, long to, Setting other, long otherValue) {
			setting.setter.accept(config, to);
			logger.info("HikariCP pool '" + this.beanName + "': resilient-db's default " + setting.key + " ("
					+ setting.format(from) + ") adapted to " + setting.format(to) + " to fit " + name(other) + " ("
					+ other.format(otherValue) + ")");
		}

		private String name(Setting setting) {
			return (this.applied.contains(setting)) ? JdbcPoolProperties.POOL + setting.key
					: this.applicationSource + setting.key;
		}

	}

}
