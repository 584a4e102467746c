package io.github.resilientdb.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import io.github.resilientdb.classify.DataAccessErrorClassifier;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.classify.ErrorClassifier;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.engine.Datastores;
import io.github.resilientdb.engine.DurabilityVerifier;
import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.engine.RepositoryDatastores;
import io.github.resilientdb.engine.ResilientDbInterceptor;
import io.github.resilientdb.engine.ResilientDbPointcut;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.composite.CompositeMeterRegistry;

import org.springframework.aop.Advisor;
import org.springframework.aop.support.DefaultPointcutAdvisor;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanDefinition;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Role;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;

/**
 * Auto-configuration of {@link io.github.resilientdb.ResilientDb}: the advisor that puts annotated methods behind
 * their datastore's bulkhead, circuit breaker and retry, built on Resilience4j registries of its own (see {@link ResilientDbRegistries}).
 */
@AutoConfiguration(afterName = { "io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration",
		"io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration",
		"io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration",
		"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnBooleanProperty(name = "resilientdb.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ResilientDbProperties.class)
@Import(ResilientDbAutoProxyRegistrar.class)
public final class ResilientDbAutoConfiguration {

	/**
	 * Order of the advisor: ahead of Spring's transaction advice (lowest precedence), so that each retry runs in a
	 * fresh transaction, and behind Spring's cache advice (moved just ahead of this one), so that a cache hit never
	 * reaches the policy.
	 */
	static final int ADVISOR_ORDER = Ordered.LOWEST_PRECEDENCE - 100;

	@Bean
	@ConditionalOnMissingBean
	ErrorClassification resilientDbErrorClassification(ObjectProvider<ErrorClassifier> applicationClassifiers,
			ObjectProvider<DatastoreType> types) {
		List<ErrorClassifier> classifiers = new ArrayList<>(applicationClassifiers.orderedStream().toList());
		types.orderedStream().forEach((type) -> classifiers.add(type.classifier()));
		classifiers.add(new DataAccessErrorClassifier());
		return new ErrorClassification(classifiers);
	}

	@Bean
	@ConditionalOnMissingBean
	ResilientDbRegistries resilientDbRegistries() {
		return ResilientDbRegistries.create();
	}

	@Bean
	@ConditionalOnMissingBean
	MethodPolicies resilientDbMethodPolicies(ResilientDbProperties properties, ObjectProvider<DatastoreType> types,
			ErrorClassification errorClassification, ResilientDbRegistries registries,
			ObjectProvider<MeterRegistry> meterRegistry, ObjectProvider<DurabilityVerifier> durabilityVerifiers,
			Environment environment, ObjectProvider<DatastoreClients> clients,
			ObjectProvider<RepositoryDatastores> repositoryDatastores) {
		DatastoresFactory factory = new DatastoresFactory(properties, types.orderedStream().toList(),
				errorClassification, clients.orderedStream().toList(), repositoryDatastores.orderedStream().toList());
		MeterRegistry meters = meterRegistry.getIfAvailable(CompositeMeterRegistry::new);
		registries.bindTo(meters, properties.getMetrics().isResilience4jCallTimers());
		Datastores datastores = factory.datastores(registries.circuitBreakers(), registries.bulkheads(), meters);
		return new MethodPolicies(datastores, factory.retryPolicies(registries.retries(), Binder.get(environment)), meters,
				properties.getMetrics().isMethodTag(), durabilityVerifiers.orderedStream().toList());
	}

	@Bean
	@ConditionalOnMissingBean
	ResilientDbInterceptor resilientDbInterceptor(MethodPolicies policies, ErrorClassification errorClassification) {
		return new ResilientDbInterceptor(policies, errorClassification);
	}

	@Bean
	@Role(BeanDefinition.ROLE_INFRASTRUCTURE)
	static Advisor resilientDbAdvisor(ObjectProvider<ResilientDbInterceptor> interceptor) {
		DefaultPointcutAdvisor advisor = new DefaultPointcutAdvisor(new ResilientDbPointcut(),
				new LazyMethodInterceptor(interceptor));
		advisor.setOrder(ADVISOR_ORDER);
		return advisor;
	}

	@Bean
	static CacheAdvisorOrderPostProcessor resilientDbCacheAdvisorOrderPostProcessor() {
		return new CacheAdvisorOrderPostProcessor();
	}

	@Bean
	static ResilientDbStartupValidator resilientDbStartupValidator(ObjectProvider<MethodPolicies> policies) {
		return new ResilientDbStartupValidator(policies);
	}

}
