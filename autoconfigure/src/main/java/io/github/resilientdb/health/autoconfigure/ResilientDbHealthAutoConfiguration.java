package io.github.resilientdb.health.autoconfigure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.stream.Stream;

import javax.sql.DataSource;

import com.mongodb.client.MongoClient;
import io.github.resilientdb.autoconfigure.DatastoreClients;
import io.github.resilientdb.engine.DatastorePolicy;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.engine.Datastores;
import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.health.DatastoreCheckListener;
import io.github.resilientdb.health.DatastoreHealthMonitor;
import io.github.resilientdb.health.DatastoreProbe;
import io.github.resilientdb.health.ResilientDbHealthContributor;
import io.github.resilientdb.health.jdbc.JdbcDatastoreProbe;
import io.github.resilientdb.health.mongo.MongoDatastoreProbe;
import io.github.resilientdb.mongo.pool.MongoPoolMonitor;
import io.github.resilientdb.health.redis.RedisDatastoreProbe;
import io.lettuce.core.RedisClient;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroupsPostProcessor;
import org.springframework.boot.health.actuate.endpoint.SimpleStatusAggregator;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Auto-configuration of the datastores' health: a background probe per datastore ({@code resilientdb.health}), the
 * {@code resilientDb} health contributor that reads their results, the {@code resilientDb} contributor in the
 * readiness group, and a status order that ranks {@code DEGRADED} between {@code DOWN} and {@code UP}.
 * <p>
 * It runs after Spring Boot's availability probes so that its readiness post-processor is applied after Spring
 * Boot's, and before the health endpoint so that its status aggregator is the one the endpoint uses.
 */
@AutoConfiguration(
		afterName = { "io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration",
				"io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration",
				"io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration",
				"io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration",
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
		List<String> types = allProbes(probes, clientProbes).stream().map(DatastoreProbe::type).distinct().toList();
		return new BootHealthContributorsRemover(beanFactory, types, registry, reactiveRegistry);
	}

	private static List<DatastoreProbe> allProbes(ObjectProvider<DatastoreProbe> probes,
			ObjectProvider<ClientDatastoreProbes> clientProbes) {
		return Stream
			.concat(probes.orderedStream(), clientProbes.orderedStream().flatMap((client) -> client.probes().stream()))
			.toList();
	}

	private static ClientDatastoreProbes ownClientProbes(ObjectProvider<DatastoreClients> clients, String type,
			BiFunction<String, String, DatastoreProbe> probe) {
		List<DatastoreProbe> probes = new ArrayList<>();
		clients.orderedStream()
			.filter((client) -> client.type().equals(type))
			.forEach((client) -> client.ownDatastores()
				.forEach((beanName, datastore) -> probes.add(probe.apply(beanName, datastore))));
		return new ClientDatastoreProbes(probes);
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

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ DataSource.class, DataSourceUnwrapper.class })
	@ConditionalOnSingleCandidate(DataSource.class)
	static class JdbcProbeConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "jdbcDatastoreProbe")
		JdbcDatastoreProbe jdbcDatastoreProbe(DataSource dataSource,
				ObjectProvider<JdbcConnectionDetails> connectionDetails) {
			JdbcConnectionDetails details = connectionDetails.getIfAvailable();
			return new JdbcDatastoreProbe(dataSource, (details != null) ? details.getPassword() : null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ DataSource.class, DataSourceUnwrapper.class })
	@ConditionalOnBean(DataSource.class)
	static class JdbcClientProbesConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "jdbcClientDatastoreProbes")
		ClientDatastoreProbes jdbcClientDatastoreProbes(ListableBeanFactory beanFactory,
				ObjectProvider<DatastoreClients> clients) {
			return ownClientProbes(clients, "jdbc", (beanName, datastore) -> JdbcDatastoreProbe
				.of(beanFactory.getBean(beanName, DataSource.class), datastore));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ MongoClient.class, MongoClientSettingsBuilderCustomizer.class })
	@ConditionalOnSingleCandidate(MongoClient.class)
	static class MongoProbeConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "mongoDatastoreProbe")
		MongoDatastoreProbe mongoDatastoreProbe(MongoClient client, ObjectProvider<MongoPoolMonitor> poolMonitor,
				ObjectProvider<MongoConnectionDetails> connectionDetails) {
			MongoConnectionDetails details = connectionDetails.getIfAvailable();
			char[] password = (details != null) ? details.getConnectionString().getPassword() : null;
			return new MongoDatastoreProbe(client, poolMonitor.getIfAvailable(),
					(password != null) ? new String(password) : null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ MongoClient.class, MongoClientSettingsBuilderCustomizer.class })
	@ConditionalOnBean(MongoClient.class)
	static class MongoClientProbesConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "mongoClientDatastoreProbes")
		ClientDatastoreProbes mongoClientDatastoreProbes(ListableBeanFactory beanFactory,
				ObjectProvider<DatastoreClients> clients) {
			return ownClientProbes(clients, "mongo", (beanName, datastore) -> new MongoDatastoreProbe(
					beanFactory.getBean(beanName, MongoClient.class), null, null, datastore));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RedisConnectionFactory.class, RedisClient.class, DataRedisConnectionDetails.class })
	@ConditionalOnBean(RedisConnectionFactory.class)
	static class RedisClientProbesConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "redisClientDatastoreProbes")
		ClientDatastoreProbes redisClientDatastoreProbes(ListableBeanFactory beanFactory,
				ObjectProvider<DatastoreClients> clients) {
			return ownClientProbes(clients, "redis", (beanName, datastore) -> {
				RedisConnectionFactory connectionFactory = beanFactory.getBean(beanName,
						RedisConnectionFactory.class);
				return new RedisDatastoreProbe(connectionFactory, RedisDatastoreProbe.password(connectionFactory),
						datastore);
			});
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ RedisConnectionFactory.class, RedisClient.class, DataRedisConnectionDetails.class })
	@ConditionalOnSingleCandidate(RedisConnectionFactory.class)
	static class RedisProbeConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "redisDatastoreProbe")
		RedisDatastoreProbe redisDatastoreProbe(RedisConnectionFactory connectionFactory,
				ObjectProvider<DataRedisConnectionDetails> connectionDetails) {
			DataRedisConnectionDetails details = connectionDetails.getIfAvailable();
			return new RedisDatastoreProbe(connectionFactory, (details != null) ? details.getPassword() : null);
		}

	}

}
