package io.github.resilientdb.redis.autoconfigure;

import java.util.function.Supplier;

import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;

import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.core.Ordered;
import org.springframework.util.ClassUtils;

/**
 * Decides whether Spring Boot pools Lettuce connections, from {@code resilientdb.redis.pool.enabled}, unless the
 * application decided it under {@code spring.data.redis.lettuce.pool}.
 * <p>
 * Spring Boot picks a pooling or a plain client configuration before any customizer runs, from
 * {@code spring.data.redis.lettuce.pool.enabled} or, when that is unset, from the mere presence of commons-pool2 on
 * the class path (a library can bring it). So this switch sets Boot's own property on {@link DataRedisProperties}
 * once it is bound, and only when the application set no {@code spring.data.redis.lettuce.pool.*} key at all: pooling
 * then happens only when the application asks for it.
 */
public final class LettucePoolSwitchPostProcessor implements BeanPostProcessor, Ordered {

	static final String PROPERTY = "resilientdb.redis.pool.enabled";

	private static final boolean COMMONS_POOL2_PRESENT = ClassUtils.isPresent("org.apache.commons.pool2.ObjectPool",
			LettucePoolSwitchPostProcessor.class.getClassLoader());

	private final Supplier<Boolean> enabled;

	private final Supplier<ExplicitRedisSettings> explicit;

	private final boolean commonsPool2Present;

	/**
	 * Creates the switch.
	 * @param enabled whether the application asks for pooling under {@code resilientdb.redis.pool.enabled}
	 * @param explicit the {@code spring.data.redis.*} settings of the application
	 */
	public LettucePoolSwitchPostProcessor(Supplier<Boolean> enabled, Supplier<ExplicitRedisSettings> explicit) {
		this(enabled, explicit, COMMONS_POOL2_PRESENT);
	}

	LettucePoolSwitchPostProcessor(Supplier<Boolean> enabled, Supplier<ExplicitRedisSettings> explicit,
			boolean commonsPool2Present) {
		this.enabled = enabled;
		this.explicit = explicit;
		this.commonsPool2Present = commonsPool2Present;
	}

	@Override
	public Object postProcessAfterInitialization(Object bean, String beanName) {
		if (bean instanceof DataRedisProperties properties && !this.explicit.get().isAnyPoolPropertySet()) {
			boolean pooled = this.enabled.get();
			if (pooled && !this.commonsPool2Present) {
				throw new InvalidResilientDbPropertyException(PROPERTY, true,
						"false, or org.apache.commons:commons-pool2 on the class path");
			}
			properties.getLettuce().getPool().setEnabled(pooled);
		}
		return bean;
	}

	@Override
	public int getOrder() {
		return Ordered.LOWEST_PRECEDENCE;
	}

}
