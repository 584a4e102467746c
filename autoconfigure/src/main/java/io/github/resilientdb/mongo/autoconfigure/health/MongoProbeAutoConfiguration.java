package io.github.resilientdb.mongo.autoconfigure.health;

import com.mongodb.client.MongoClient;
import io.github.resilientdb.autoconfigure.DatastoreClients;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.health.autoconfigure.ClientDatastoreProbes;
import io.github.resilientdb.health.autoconfigure.ResilientDbHealthAutoConfiguration;
import io.github.resilientdb.mongo.MongoDatastoreKind;
import io.github.resilientdb.mongo.autoconfigure.ConditionalOnMongoClient;
import io.github.resilientdb.mongo.autoconfigure.MongoClientTypes;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import io.github.resilientdb.mongo.health.MongoDatastoreProbe;
import io.github.resilientdb.mongo.health.ReactiveMongoDatastoreProbe;
import io.github.resilientdb.mongo.pool.MongoPoolMonitor;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code mongo} datastores' health probes: one for the single or primary
 * {@code MongoClient}, and one for each other {@code MongoClient} bean, which is a datastore of its own. The clients
 * are the synchronous ones when there is one, else the reactive streams ones.
 */
@AutoConfiguration(after = { MongoResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class },
		before = ResilientDbHealthAutoConfiguration.class)
@ConditionalOnClass({ HealthContributor.class, ConditionalOnEnabledHealthIndicator.class,
		MongoClientSettingsBuilderCustomizer.class })
@ConditionalOnMongoClient
@ConditionalOnBean(MethodPolicies.class)
@ConditionalOnEnabledHealthIndicator("resilientdb")
public final class MongoProbeAutoConfiguration {

	static @Nullable String password(ObjectProvider<MongoConnectionDetails> connectionDetails) {
		MongoConnectionDetails details = connectionDetails.getIfAvailable();
		char[] password = (details != null) ? details.getConnectionString().getPassword() : null;
		return (password != null) ? new String(password) : null;
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = MongoClientTypes.SYNC)
	@ConditionalOnBean(type = MongoClientTypes.SYNC)
	static class SyncProbeConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "mongoClientDatastoreProbes")
		ClientDatastoreProbes mongoClientDatastoreProbes(ListableBeanFactory beanFactory,
				ObjectProvider<DatastoreClients> clients) {
			return ClientDatastoreProbes.of(clients, MongoDatastoreKind.NAME,
					(beanName, datastore) -> new MongoDatastoreProbe(beanFactory.getBean(beanName, MongoClient.class),
							null, null, datastore));
		}

		@Bean
		@ConditionalOnSingleCandidate(MongoClient.class)
		@ConditionalOnMissingBean(name = "mongoDatastoreProbe")
		MongoDatastoreProbe mongoDatastoreProbe(MongoClient client, ObjectProvider<MongoPoolMonitor> poolMonitor,
				ObjectProvider<MongoConnectionDetails> connectionDetails) {
			return new MongoDatastoreProbe(client, poolMonitor.getIfAvailable(), password(connectionDetails));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { MongoClientTypes.REACTIVE, "reactor.core.publisher.Mono" })
	@ConditionalOnMissingBean(type = MongoClientTypes.SYNC)
	static class ReactiveProbeConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "mongoClientDatastoreProbes")
		ClientDatastoreProbes mongoClientDatastoreProbes(ListableBeanFactory beanFactory,
				ObjectProvider<DatastoreClients> clients) {
			return ClientDatastoreProbes.of(clients, MongoDatastoreKind.NAME,
					(beanName, datastore) -> new ReactiveMongoDatastoreProbe(
							beanFactory.getBean(beanName, com.mongodb.reactivestreams.client.MongoClient.class), null,
							null, datastore));
		}

		@Bean
		@ConditionalOnSingleCandidate(com.mongodb.reactivestreams.client.MongoClient.class)
		@ConditionalOnMissingBean(name = "mongoDatastoreProbe")
		ReactiveMongoDatastoreProbe mongoDatastoreProbe(com.mongodb.reactivestreams.client.MongoClient client,
				ObjectProvider<MongoPoolMonitor> poolMonitor, ObjectProvider<MongoConnectionDetails> connectionDetails) {
			return new ReactiveMongoDatastoreProbe(client, poolMonitor.getIfAvailable(), password(connectionDetails),
					null);
		}

	}

}
