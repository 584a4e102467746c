package io.github.resilientdb.health.autoconfigure;

import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;

import io.github.resilientdb.engine.DatastorePolicy;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.engine.Datastores;
import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.health.DatastoreCheckListener;
import io.github.resilientdb.health.DatastoreHealthMonitor;
import io.github.resilientdb.health.DatastoreProbe;
import io.github.resilientdb.health.ResilientDbHealthContributor;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.SimpleStatusAggregator;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of the datastores' health: a background probe per datastore ({@code resilientdb.health}), the
 * {@code resilientDb} health contributor that reads their results, the {@code resilientDb} contributor in the
 * readiness group, and a status order that ranks {@code DEGRADED} between {@code DOWN} and {@code UP}.
 * <p>
 * It runs after Spring Boot's availability probes so that its readiness post-processor is applied after Spring
 * Boot's, and before the health endpoint so that its status aggregator is the one the endpoint uses.
 */
@AutoConfiguration(
		afterName = { "io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration",
				"org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration" },
		beforeName = "org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration")
@ConditionalOnClass({ HealthContributor.class, ConditionalOnEnabledHealthIndicator.class })
@ConditionalOnBean({ DatastoreType.class, MethodPolicies.class })
@ConditionalOnEnabledHealthIndicator("resilientdb")
@EnableConfigurationProperties(ResilientDbHealthProperties.class)
public final class ResilientDbHealthAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	DatastoreHealthMonitor resilientDbHealthMonitor(ResilientDbHealthProperties properties, MethodPolicies policies,
			ObjectProvider<DatastoreProbe> probes, ObjectProvider<ClientDatastoreProbes> clientProbes,
			ObjectProvider<DatastoreCheckListener> listeners) {
		Datastores datastores = policies.datastores();
		return new DatastoreHealthMonitor(ProbedDatastores.of(datastores, allProbes(probes, clientProbes)),
				(datastore) -> {
					DatastorePolicy policy = datastores.get(datastore);
					return (policy != null) ? policy.circuitBreaker() : null;
				}, properties.toSettings(), () -> listeners.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean(name = { "resilientDbHealthIndicator", "resilientDbHealthContributor" })
	ResilientDbHealthContributor resilientDbHealthContributor(DatastoreHealthMonitor monitor) {
		return new ResilientDbHealthContributor(monitor);
	}

	@Bean
	@ConditionalOnBooleanProperty(name = "resilientdb.health.replace-boot-indicators", matchIfMissing = true)
	BootHealthContributorsRemover resilientDbBootHealthContributorsRemover(ListableBeanFactory beanFactory,
			ObjectProvider<DatastoreProbe> probes, ObjectProvider<ClientDatastoreProbes> clientProbes,
			ObjectProvider<HealthContributorRegistry> registry,
			ObjectProvider<ReactiveHealthContributorRegistry> reactiveRegistry) {
		List<String> replaced = allProbes(probes, clientProbes).stream()
			.map(DatastoreProbe::replacedBootContributor)
			.filter(Objects::nonNull)
			.distinct()
			.toList();
		return new BootHealthContributorsRemover(beanFactory, replaced, registry, reactiveRegistry);
	}

	private static List<DatastoreProbe> allProbes(ObjectProvider<DatastoreProbe> probes,
			ObjectProvider<ClientDatastoreProbes> clientProbes) {
		return Stream
			.concat(probes.orderedStream(), clientProbes.orderedStream().flatMap((client) -> client.probes().stream()))
			.toList();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint",
			value = HealthEndpointGroupsPostProcessor.class)
	static class HealthEndpointConfiguration {

		@Bean
		ReadinessGroupPostProcessor resilientDbReadinessGroupPostProcessor(Environment environment) {
			return new ReadinessGroupPostProcessor(ResilientDbHealthContributor.NAME, environment);
		}

		@Bean
		@ConditionalOnMissingBean
		StatusAggregator resilientDbStatusAggregator(Environment environment) {
			List<String> configured = Binder.get(environment)
				.bind(StatusOrder.PROPERTY, Bindable.listOf(String.class))
				.orElse(List.of());
			return new SimpleStatusAggregator(StatusOrder.withDegraded(configured));
		}

	}

}
