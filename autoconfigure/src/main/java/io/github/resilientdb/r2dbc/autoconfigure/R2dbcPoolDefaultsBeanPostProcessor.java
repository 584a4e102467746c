package io.github.resilientdb.r2dbc.autoconfigure;

import java.time.Duration;

import io.github.resilientdb.autoconfigure.DeadlineTimeouts;
import io.github.resilientdb.engine.DatastorePolicy;
import io.github.resilientdb.r2dbc.R2dbcDatastoreKind;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.context.EnvironmentAware;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Gives Spring Boot's r2dbc-pool the timeouts that follow from the {@code r2dbc} datastore's deadline, on the bound
 * {@link R2dbcProperties} before Boot builds the pool from them: a pool wait ({@code max-acquire-time}), a time to
 * open a connection ({@code max-create-connection-time}) and to validate one ({@code max-validation-time}), each
 * unbounded in r2dbc-pool unless set. A {@code spring.r2dbc.pool.*} value of the application is kept; a default
 * longer than the application's own {@code max-acquire-time} is shortened to fit it (logged at INFO).
 */
final class R2dbcPoolDefaultsBeanPostProcessor implements BeanPostProcessor, Ordered, EnvironmentAware {

	private static final Log logger = LogFactory.getLog(R2dbcPoolDefaultsBeanPostProcessor.class);

	private @Nullable Environment environment;

	@Override
	public void setEnvironment(Environment environment) {
		this.environment = environment;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) {
		if (bean instanceof R2dbcProperties properties) {
			applyDefaults(properties.getPool(), timeouts());
		}
		return bean;
	}

	@Override
	public int getOrder() {
		// After ConfigurationPropertiesBindingPostProcessor has bound spring.r2dbc.*.
		return Ordered.HIGHEST_PRECEDENCE + 10;
	}

	private DeadlineTimeouts timeouts() {
		// Boot's pooled ConnectionFactory is the application's only one, so it is the r2dbc datastore.
		return (this.environment != null) ? DeadlineTimeouts.of(this.environment, R2dbcDatastoreKind.NAME)
				: DeadlineTimeouts.of(DatastorePolicy.DEFAULT_DEADLINE);
	}

	static void applyDefaults(R2dbcProperties.Pool pool, DeadlineTimeouts timeouts) {
		Duration acquire = pool.getMaxAcquireTime();
		if (acquire == null) {
			pool.setMaxAcquireTime(timeouts.poolWait());
		}
		if (pool.getMaxCreateConnectionTime() == null) {
			pool.setMaxCreateConnectionTime(fit("max-create-connection-time", timeouts.connect(), acquire));
		}
		if (pool.getMaxValidationTime() == null) {
			pool.setMaxValidationTime(fit("max-validation-time", timeouts.validation(),
					(acquire != null) ? acquire.dividedBy(2) : null));
		}
	}

	/**
	 * The default, or the bound it must not exceed when the application's own {@code max-acquire-time} is shorter:
	 * r2dbc-pool would otherwise let a caller give up while the pool still waits on its behalf.
	 */
	private static Duration fit(String key, Duration derived, @Nullable Duration bound) {
		if (bound == null || bound.isZero() || bound.isNegative() || derived.compareTo(bound) <= 0) {
			return derived;
		}
		logger.info("R2DBC pool: resilient-db's default spring.r2dbc.pool." + key + " (" + derived + ") adapted to "
				+ bound + " to fit spring.r2dbc.pool.max-acquire-time");
		return bound;
	}

}
