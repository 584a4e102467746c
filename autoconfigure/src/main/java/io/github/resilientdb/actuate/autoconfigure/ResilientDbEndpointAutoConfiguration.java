package io.github.resilientdb.actuate.autoconfigure;

import java.util.stream.Stream;

import io.github.resilientdb.actuate.ChangeAudit;
import io.github.resilientdb.actuate.ClientDatastorePools;
import io.github.resilientdb.actuate.DatastorePool;
import io.github.resilientdb.actuate.ResilientDbEndpoint;
import io.github.resilientdb.actuate.ResilientDbEndpointWebExtension;
import io.github.resilientdb.actuate.WriteAccess;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.autoconfigure.ResilientDbProperties;
import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.health.DatastoreHealthMonitor;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.actuate.autoconfigure.endpoint.condition.ConditionalOnAvailableEndpoint;
import org.springframework.boot.actuate.autoconfigure.endpoint.expose.EndpointExposure;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.core.io.ResourceLoader;
import org.springframework.util.ClassUtils;

/**
 * Auto-configuration of the {@code resilientdb} actuator endpoint, with the pools of the datastores whose client the
 * starter can read. Like every actuator endpoint, it is not exposed over HTTP until
 * {@code management.endpoints.web.exposure.include} names it; even then, only an operator
 * ({@code resilientdb.endpoint.*}) may make changes through it.
 */
@AutoConfiguration(after = ResilientDbAutoConfiguration.class)
@ConditionalOnClass(Endpoint.class)
@ConditionalOnBean(MethodPolicies.class)
@ConditionalOnAvailableEndpoint(ResilientDbEndpoint.class)
@EnableConfigurationProperties(ResilientDbEndpointProperties.class)
public final class ResilientDbEndpointAutoConfiguration {

	private static final String SPRING_SECURITY = "org.springframework.security.core.Authentication";

	@Bean
	@ConditionalOnMissingBean
	ResilientDbEndpoint resilientDbEndpoint(MethodPolicies policies, ObjectProvider<ResilientDbProperties> properties,
			ObjectProvider<DatastorePool> pools, ObjectProvider<ClientDatastorePools> clientPools,
			ObjectProvider<DatastoreHealthMonitor> health,
			ApplicationEventPublisher eventPublisher, ResilientDbEndpointProperties endpointProperties,
			ResourceLoader resourceLoader) {
		boolean springSecurity = ClassUtils.isPresent(SPRING_SECURITY, resourceLoader.getClassLoader());
		WriteAccess access = new WriteAccess(endpointProperties.getWrites(), endpointProperties.getOperatorRole(),
				springSecurity);
		return new ResilientDbEndpoint(policies, properties.getIfAvailable(ResilientDbProperties::new),
				Stream.concat(pools.orderedStream(), clientPools.orderedStream().flatMap((own) -> own.pools().stream()))
					.toList(),
				health::getIfAvailable, new ChangeAudit(eventPublisher), access);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ResilientDbEndpoint.class)
	@ConditionalOnAvailableEndpoint(exposure = EndpointExposure.WEB)
	ResilientDbEndpointWebExtension resilientDbEndpointWebExtension(ResilientDbEndpoint endpoint) {
		return new ResilientDbEndpointWebExtension(endpoint);
	}

}
