package io.github.resilientdb.redis.autoconfigure;

import java.time.Duration;

import io.github.resilientdb.autoconfigure.DeadlineTimeouts;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.core.Ordered;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration.LettuceClientConfigurationBuilder;
import org.springframework.util.ClassUtils;

/**
 * Applies production defaults to Spring Data Redis' {@link LettuceClientConfiguration}: the command timeout, the
 * client name and, when Spring Boot builds a pooling configuration, the commons-pool2 pool settings.
 * <p>
 * Spring Boot applies {@code spring.data.redis.timeout}, {@code spring.data.redis.client-name} and
 * {@code spring.data.redis.lettuce.pool.*} before any customizer runs, so this one leaves alone each value the
 * application set there. It runs at order 0, so that the application's own customizers (unordered, hence last)
 * win.
 */
public final class LettuceClientConfigurationDefaultsCustomizer
		implements LettuceClientConfigurationBuilderCustomizer, Ordered {

	/**
	 * Order of this customizer: before the application's unordered customizers.
	 */
	public static final int ORDER = 0;

	private static final boolean COMMONS_POOL2_PRESENT = ClassUtils.isPresent(
			"org.apache.commons.pool2.impl.GenericObjectPoolConfig",
			LettuceClientConfigurationDefaultsCustomizer.class.getClassLoader());

	private static final LettuceClientConfiguration SPRING_DEFAULTS = LettuceClientConfiguration.defaultConfiguration();

	private final RedisPoolProperties.Pool properties;

	private final DeadlineTimeouts timeouts;

	private final ExplicitRedisSettings explicit;

	private final @Nullable String clientName;

	/**
	 * Creates a customizer.
	 * @param properties the defaults to apply
	 * @param explicit the {@code spring.data.redis.*} settings of the application
	 * @param applicationName the application's name, the default client name, if any
	 * @param timeouts the timeouts derived from the redis datastore's deadline, for the timeouts left unset
	 */
	public LettuceClientConfigurationDefaultsCustomizer(RedisPoolProperties.Pool properties,
			ExplicitRedisSettings explicit, @Nullable String applicationName, DeadlineTimeouts timeouts) {
		this.properties = properties;
		this.timeouts = timeouts;
		this.explicit = explicit;
		this.clientName = (properties.getClientName() != null) ? properties.getClientName()
				: clientName(applicationName);
	}

	@Override
	public void customize(LettuceClientConfigurationBuilder builder) {
		LettuceClientConfiguration current = builder.build();
		Duration springDefaultTimeout = SPRING_DEFAULTS.getCommandTimeout();
		if (!this.explicit.isSet(ExplicitRedisSettings.TIMEOUT)
				&& current.getCommandTimeout().equals(springDefaultTimeout)) {
			Duration commandTimeout = this.properties.getCommandTimeout();
			builder.commandTimeout((commandTimeout != null) ? commandTimeout : this.timeouts.command());
		}
		if (this.clientName != null && !this.explicit.isSet(ExplicitRedisSettings.CLIENT_NAME)
				&& current.getClientName().isEmpty()) {
			builder.clientName(this.clientName);
		}
		if (COMMONS_POOL2_PRESENT) {
			LettucePoolDefaults.apply(builder, this.properties, this.explicit, this.timeouts.poolWait());
		}
	}

	private static @Nullable String clientName(@Nullable String applicationName) {
		if (applicationName == null || applicationName.isBlank()) {
			return null;
		}
		return applicationName.strip().replaceAll("\\s+", "-");
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
