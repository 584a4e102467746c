package io.github.resilientdb.mongo.autoconfigure;

import java.lang.reflect.Method;
import java.util.List;
import java.util.Map;

import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import io.github.resilientdb.Durability;
import io.github.resilientdb.autoconfigure.DeadlineTimeouts;
import io.github.resilientdb.actuate.ClientDatastorePools;
import io.github.resilientdb.autoconfigure.ClientRepositoryDatastores;
import io.github.resilientdb.autoconfigure.DatastoreClients;
import io.github.resilientdb.autoconfigure.UnappliedClientDefaultsReporter;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.engine.RepositoryDatastores;
import io.github.resilientdb.mongo.MongoDatastoreKind;
import io.github.resilientdb.mongo.MongoErrorClassifier;
import io.github.resilientdb.mongo.autoconfigure.MongoPoolProperties.DurabilityLevels;
import io.github.resilientdb.mongo.durability.DurabilityWriteConcernResolver;
import io.github.resilientdb.mongo.durability.MongoTemplateDurabilityPostProcessor;
import io.github.resilientdb.mongo.pool.MongoClientDefaultsCustomizer;
import io.github.resilientdb.mongo.pool.MongoDatastorePool;
import io.github.resilientdb.mongo.pool.MongoDriverClients;
import io.github.resilientdb.mongo.pool.MongoPoolMonitor;
import io.github.resilientdb.mongo.send.SendTrackingCommandListener;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.WriteConcernResolver;
import org.springframework.data.mongodb.repository.support.MongoRepositoryFactoryBean;
import org.springframework.data.mongodb.repository.support.ReactiveMongoRepositoryFactoryBean;
import org.springframework.util.ReflectionUtils;

/**
 * Makes the {@code mongo} datastore available to {@code @ResilientDb} when the application has a {@code MongoClient}
 * of either driver (the synchronous clients are the datastores when there is one, else the reactive streams ones, see
 * {@link MongoClientTypes}), gives the client Spring Boot builds production defaults ({@code resilientdb.mongo.pool}; a client the application
 * builds without them is named in an INFO line at start-up) and resolves the write concern of each
 * {@code MongoTemplate} write from its durability ({@code resilientdb.mongo.durability}).
 */
@AutoConfiguration(afterName = { "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration",
		"org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration",
		"org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration",
		"org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveAutoConfiguration" })
@ConditionalOnClass(MongoClientSettings.class)
@ConditionalOnMongoClient
@ConditionalOnBooleanProperty(name = "resilientdb.enabled", matchIfMissing = true)
@EnableConfigurationProperties(MongoPoolProperties.class)
public final class MongoResilientDbAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "mongoDatastoreType")
	DatastoreType mongoDatastoreType(ObjectProvider<SendTrackingCommandListener> sendTracking) {
		SendTrackingCommandListener tracking = sendTracking.getIfAvailable();
		return new DatastoreType("mongo", new MongoErrorClassifier(),
				List.of("org.springframework.data.mongodb.", "com.mongodb."),
				(tracking != null) ? tracking.sendTracker() : null);
	}

	@Bean
	@ConditionalOnMissingBean(name = "mongoDatastoreClients")
	DatastoreClients mongoDatastoreClients(ListableBeanFactory beanFactory) {
		return DatastoreClients.of(beanFactory, MongoClientTypes.datastoreClientType(beanFactory),
				MongoDatastoreKind.NAME);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.data.mongodb.repository.support.MongoRepositoryFactoryBean")
	static class MongoRepositoriesConfiguration {

		/**
		 * Accessors of a {@code MongoDatabaseFactory}'s client: {@code MongoClusterCapable#getMongoCluster()} from Spring
		 * Data MongoDB 5.1 (Spring Boot 4.1), the factory's own {@code getMongoClient()} before.
		 */
		private static final String[] CLIENT_ACCESSORS = { "getMongoCluster", "getMongoClient" };

		@Bean
		@ConditionalOnMissingBean(name = "mongoRepositoryDatastores")
		RepositoryDatastores mongoRepositoryDatastores(ConfigurableListableBeanFactory beanFactory,
				@Qualifier("mongoDatastoreClients") DatastoreClients clients) {
			return new ClientRepositoryDatastores(beanFactory, clients, MongoRepositoryFactoryBean.class,
					"mongoOperations",
					(operations) -> (operations instanceof MongoTemplate template)
							? clientOf(template.getMongoDatabaseFactory()) : null);
		}

		@Bean
		@ConditionalOnClass(name = MongoClientTypes.REACTIVE)
		@ConditionalOnMissingBean(name = "reactiveMongoRepositoryDatastores")
		RepositoryDatastores reactiveMongoRepositoryDatastores(ConfigurableListableBeanFactory beanFactory,
				@Qualifier("mongoDatastoreClients") DatastoreClients clients) {
			return new ClientRepositoryDatastores(beanFactory, clients, ReactiveMongoRepositoryFactoryBean.class,
					"reactiveMongoOperations",
					(operations) -> (operations instanceof ReactiveMongoTemplate template)
							? clientOf(template.getMongoDatabaseFactory()) : null);
		}

		private static @Nullable Object clientOf(Object factory) {
			for (String accessor : CLIENT_ACCESSORS) {
				Method method = ReflectionUtils.findMethod(factory.getClass(), accessor);
				if (method != null) {
					ReflectionUtils.makeAccessible(method);
					return ReflectionUtils.invokeMethod(method, factory);
				}
			}
			return null;
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(MongoClientSettingsBuilderCustomizer.class)
	static class PoolConfiguration {

		@Bean
		@ConditionalOnMissingBean
		MongoPoolMonitor resilientDbMongoPoolMonitor() {
			return new MongoPoolMonitor();
		}

		@Bean
		MongoClientSettingsBuilderCustomizer resilientDbMongoPoolMonitorCustomizer(MongoPoolMonitor monitor) {
			return (builder) -> builder
				.applyToConnectionPoolSettings((pool) -> pool.addConnectionPoolListener(monitor));
		}

		@Bean
		@ConditionalOnMissingBean
		MongoClientDefaultsCustomizer resilientDbMongoClientDefaultsCustomizer(MongoPoolProperties properties,
				Environment environment, ObjectProvider<MongoConnectionDetails> connectionDetails) {
			return new MongoClientDefaultsCustomizer(
					MongoConfigs.clientDefaults(properties.getPool(), environment.getProperty("spring.application.name"),
							DeadlineTimeouts.of(environment, "mongo")),
					() -> {
						MongoConnectionDetails details = connectionDetails.getIfAvailable();
						return (details != null) ? details.getConnectionString() : null;
					});
		}

		static MongoDatastorePool primaryPool(MongoPoolMonitor monitor, Object client) {
			MongoDatastorePool pool = MongoDatastorePool.ofMonitored(MongoDatastoreKind.NAME, monitor, client);
			return (pool != null) ? pool : new MongoDatastorePool(MongoDatastoreKind.NAME, monitor, null);
		}

		@Bean
		@ConditionalOnMissingBean(name = "mongoClientDatastorePools")
		ClientDatastorePools mongoClientDatastorePools(ListableBeanFactory beanFactory, MongoPoolMonitor monitor,
				ObjectProvider<DatastoreClients> clients) {
			return ClientDatastorePools.of(clients, MongoDatastoreKind.NAME, (beanName, datastore) -> MongoDatastorePool
				.ofMonitored(datastore, monitor, beanFactory.getBean(beanName)));
		}

		static <T> UnappliedClientDefaultsReporter<T> defaultsReporter(ConfigurableListableBeanFactory beanFactory,
				Class<T> clientType, MongoClientDefaultsCustomizer defaults) {
			// The settings of a client are read from the driver's own implementation; another one cannot be told.
			return new UnappliedClientDefaultsReporter<>(beanFactory, clientType, (client) -> {
				MongoClientSettings settings = MongoDriverClients.settings(client);
				return settings == null || defaults.isAppliedTo(settings);
			}, "to apply them, inject " + MongoClientDefaultsCustomizer.class.getName()
					+ " and call its customize(MongoClientSettings.Builder) after applyConnectionString(...), "
					+ "before MongoClients.create(settings)");
		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = MongoClientTypes.SYNC)
		@ConditionalOnBean(type = MongoClientTypes.SYNC)
		static class SyncPoolConfiguration {

			/**
			 * Only with a synchronous client: the driver publishes a reactive client's command events on other
			 * threads than the caller's, so they cannot tell what a call sent.
			 */
			@Bean
			@ConditionalOnBooleanProperty(name = "resilientdb.mongo.send-tracking.enabled", matchIfMissing = true)
			SendTrackingCommandListener resilientDbMongoSendTracking() {
				return new SendTrackingCommandListener();
			}

			@Bean
			@ConditionalOnSingleCandidate(MongoClient.class)
			MongoDatastorePool resilientDbMongoDatastorePool(MongoPoolMonitor monitor, MongoClient client) {
				return primaryPool(monitor, client);
			}

			@Bean
			UnappliedClientDefaultsReporter<MongoClient> resilientDbMongoClientDefaultsReporter(
					ConfigurableListableBeanFactory beanFactory, MongoClientDefaultsCustomizer defaults) {
				return defaultsReporter(beanFactory, MongoClient.class, defaults);
			}

		}

		@Configuration(proxyBeanMethods = false)
		@ConditionalOnClass(name = MongoClientTypes.REACTIVE)
		@ConditionalOnMissingBean(type = MongoClientTypes.SYNC)
		static class ReactivePoolConfiguration {

			@Bean
			@ConditionalOnSingleCandidate(com.mongodb.reactivestreams.client.MongoClient.class)
			MongoDatastorePool resilientDbMongoDatastorePool(MongoPoolMonitor monitor,
					com.mongodb.reactivestreams.client.MongoClient client) {
				return primaryPool(monitor, client);
			}

			@Bean
			UnappliedClientDefaultsReporter<?> resilientDbReactiveMongoClientDefaultsReporter(
					ConfigurableListableBeanFactory beanFactory, MongoClientDefaultsCustomizer defaults) {
				return defaultsReporter(beanFactory, com.mongodb.reactivestreams.client.MongoClient.class, defaults);
			}

		}

	}

	/**
	 * Only with a synchronous client: durability is verified on the calling thread, which a reactive method leaves.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ MongoTemplate.class, MongoClient.class })
	@ConditionalOnBean(type = MongoClientTypes.SYNC)
	static class DurabilityConfiguration {

		@Bean
		@ConditionalOnMissingBean(WriteConcernResolver.class)
		DurabilityWriteConcernResolver resilientDbWriteConcernResolver(MongoPoolProperties properties,
				ListableBeanFactory beanFactory) {
			DurabilityLevels durability = properties.getDurability();
			Map<Durability, WriteConcern> levels = MongoConfigs.levels(durability);
			// Every client, not only the primary: each one's writes take its own write concern at the DEFAULT level.
			beanFactory.getBeansOfType(MongoClient.class)
				.forEach((name, mongo) -> MongoConfigs.requireAcknowledgedDefault(durability, name,
						mongo.getWriteConcern()));
			return new DurabilityWriteConcernResolver(levels, durability.getCollections(),
					durability.getDefaultLevel());
		}

		@Bean
		static MongoTemplateDurabilityPostProcessor resilientDbMongoTemplateDurabilityPostProcessor(
				ObjectProvider<WriteConcernResolver> resolver) {
			return new MongoTemplateDurabilityPostProcessor(resolver);
		}

	}

}
