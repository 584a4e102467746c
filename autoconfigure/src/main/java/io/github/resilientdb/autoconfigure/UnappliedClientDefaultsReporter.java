package io.github.resilientdb.autoconfigure;

import java.util.function.Predicate;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Tells, once at start-up, of every client bean of one kind that the application built itself and that does not
 * have resilient-db's client defaults: Spring Boot's customizers, through which the starter applies them, reach only
 * the clients Boot builds. One INFO line per such bean names it and says how to apply the defaults. Never fails the
 * start.
 *
 * @param <T> the client type
 */
public final class UnappliedClientDefaultsReporter<T> implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(UnappliedClientDefaultsReporter.class);

	private static final String SPRING_BOOT_PACKAGE = "org.springframework.boot.";

	private final ConfigurableListableBeanFactory beanFactory;

	private final Class<T> clientType;

	private final Predicate<T> defaultsApplied;

	private final String howToApply;

	/**
	 * Creates a reporter.
	 * @param beanFactory the bean factory of the application
	 * @param clientType the client type ({@code MongoClient}, {@code LettuceConnectionFactory})
	 * @param defaultsApplied whether a client has the defaults (applied by the application, or set by it)
	 * @param howToApply the sentence that tells how to apply the defaults, naming the class and method
	 */
	public UnappliedClientDefaultsReporter(ConfigurableListableBeanFactory beanFactory, Class<T> clientType,
			Predicate<T> defaultsApplied, String howToApply) {
		this.beanFactory = beanFactory;
		this.clientType = clientType;
		this.defaultsApplied = defaultsApplied;
		this.howToApply = howToApply;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (String beanName : this.beanFactory.getBeanNamesForType(this.clientType, false, false)) {
			if (isBuiltBySpringBoot(beanName)) {
				continue;
			}
			try {
				T client = this.beanFactory.getBean(beanName, this.clientType);
				if (!this.defaultsApplied.test(client)) {
					logger.info(this.clientType.getSimpleName() + " bean '" + beanName
							+ "' was built by the application, so resilient-db's client defaults (timeouts derived "
							+ "from the deadline, pool sizes) were not applied to it; " + this.howToApply);
				}
			}
			catch (RuntimeException ex) {
				logger.debug("Could not tell whether " + this.clientType.getSimpleName() + " bean '" + beanName
						+ "' has resilient-db's client defaults", ex);
			}
		}
	}

	private boolean isBuiltBySpringBoot(String beanName) {
		if (!this.beanFactory.containsBeanDefinition(beanName)) {
			return false;
		}
		BeanDefinition definition = this.beanFactory.getBeanDefinition(beanName);
		String factoryClass = factoryClassName(definition);
		return factoryClass != null && factoryClass.startsWith(SPRING_BOOT_PACKAGE);
	}

	private @Nullable String factoryClassName(BeanDefinition definition) {
		String factoryBean = definition.getFactoryBeanName();
		if (factoryBean != null && this.beanFactory.containsBeanDefinition(factoryBean)) {
			return this.beanFactory.getBeanDefinition(factoryBean).getBeanClassName();
		}
		return definition.getBeanClassName();
	}

}
