package io.github.resilientdb.redis.autoconfigure;

import java.util.List;
import java.util.Optional;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.core.env.Environment;

/**
 * The {@code spring.data.redis.*} settings the application gave explicitly, in any property source and in any
 * relaxed form ({@code SPRING_DATA_REDIS_TIMEOUT}, {@code spring.data.redis.lettuce.pool.maxActive}...). Spring Boot
 * applies them to the Lettuce builders before any customizer runs and the builders cannot tell a value given from a
 * default, so resilient-db asks the environment.
 */
public final class ExplicitRedisSettings {

	/**
	 * Command timeout of Spring Boot.
	 */
	public static final String TIMEOUT = "spring.data.redis.timeout";

	/**
	 * Connect timeout of Spring Boot.
	 */
	public static final String CONNECT_TIMEOUT = "spring.data.redis.connect-timeout";

	/**
	 * Client name of Spring Boot.
	 */
	public static final String CLIENT_NAME = "spring.data.redis.client-name";

	/**
	 * Prefix of Spring Boot's Lettuce pool settings.
	 */
	public static final String POOL = "spring.data.redis.lettuce.pool.";

	static final List<String> POOL_KEYS = List.of("enabled", "max-active", "max-idle", "min-idle", "max-wait",
			"time-between-eviction-runs");

	private final Binder binder;

	private ExplicitRedisSettings(Binder binder) {
		this.binder = binder;
	}

	/**
	 * The explicit settings of an environment.
	 * @param environment the application's environment
	 * @return the settings
	 */
	public static ExplicitRedisSettings of(Environment environment) {
		return new ExplicitRedisSettings(Binder.get(environment));
	}

	/**
	 * Whether the application set a property.
	 * @param name the canonical property name
	 * @return whether it is set
	 */
	public boolean isSet(String name) {
		return this.binder.bind(name, Bindable.of(String.class)).isBound();
	}

	/**
	 * The value the application set for a property.
	 * @param <T> the type of the value
	 * @param name the canonical property name
	 * @param type the type of the value
	 * @return the value, empty when not set
	 */
	public <T> Optional<T> get(String name, Class<T> type) {
		return this.binder.bind(name, Bindable.of(type)).map(Optional::of).orElse(Optional.empty());
	}

	/**
	 * Whether the application set any {@code spring.data.redis.lettuce.pool.*} property.
	 * @return whether a pool property is set
	 */
	public boolean isAnyPoolPropertySet() {
		return POOL_KEYS.stream().anyMatch((key) -> isSet(POOL + key));
	}

}
