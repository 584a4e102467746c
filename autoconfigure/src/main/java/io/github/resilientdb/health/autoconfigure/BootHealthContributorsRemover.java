package io.github.resilientdb.health.autoconfigure;

import java.util.Collection;
import java.util.Set;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.util.ClassUtils;

/**
 * Removes Spring Boot's own health contributors of the datastores resilient-db probes (each probe names the one it
 * replaces, such as {@code db}, {@code mongo} and {@code redis}) from the health registries, so that none of them checks a datastore on the request thread. Only
 * the contributors Spring Boot auto-configured are removed, found by their bean names; the application's own stay.
 */
final class BootHealthContributorsRemover implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(BootHealthContributorsRemover.class);

	private static final boolean REACTOR_PRESENT = ClassUtils.isPresent("reactor.core.publisher.Mono",
			BootHealthContributorsRemover.class.getClassLoader());

	private final ListableBeanFactory beanFactory;

	private final Collection<String> replacedBeanNames;

	private final ObjectProvider<HealthContributorRegistry> registry;

	private final ObjectProvider<ReactiveHealthContributorRegistry> reactiveRegistry;

	BootHealthContributorsRemover(ListableBeanFactory beanFactory, Collection<String> replacedBeanNames,
			ObjectProvider<HealthContributorRegistry> registry,
			ObjectProvider<ReactiveHealthContributorRegistry> reactiveRegistry) {
		this.beanFactory = beanFactory;
		this.replacedBeanNames = Set.copyOf(replacedBeanNames);
		this.registry = registry;
		this.reactiveRegistry = reactiveRegistry;
	}

	@Override
	public void afterSingletonsInstantiated() {
		for (String beanName : this.replacedBeanNames) {
			if (this.beanFactory.containsBean(beanName)) {
				remove(this.beanFactory.getBean(beanName));
			}
		}
	}

	private void remove(Object contributor) {
		this.registry.ifAvailable((registry) -> registry.stream()
			.filter((entry) -> entry.contributor() == contributor)
			.toList()
			.forEach((entry) -> unregister(entry.name(), registry.unregisterContributor(entry.name()))));
		if (REACTOR_PRESENT) {
			this.reactiveRegistry.ifAvailable((registry) -> registry.stream()
				.filter((entry) -> entry.contributor() == contributor)
				.toList()
				.forEach((entry) -> unregister(entry.name(), registry.unregisterContributor(entry.name()))));
		}
	}

	private static void unregister(String name, @Nullable Object removed) {
		if (removed != null) {
			logger.debug("Removed Spring Boot's '" + name + "' health contributor (resilientdb.health"
					+ ".replace-boot-indicators=false brings it back)");
		}
	}

}
