package io.github.resilientdb.mongo.autoconfigure.health;

import com.mongodb.client.MongoClient;
import io.github.resilientdb.autoconfigure.DatastoreClients;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.health.autoconfigure.ClientDatastoreProbes;
import io.github.resilientdb.health.autoconfigure.ResilientDbHealthAutoConfiguration;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import io.github.resilientdb.mongo.health.MongoDatastoreProbe;
import io.github.resilientdb.mongo.pool.MongoPoolMonitor;

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
 * {@link MongoClient}, and one for each other {@code MongoClient} bean, which is a datastore of its own.
 */
@AutoConfiguration(after = { MongoResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class },
		before = ResilientDbHealthAutoConfiguration.class)
@ConditionalOnClass({ HealthContributor.class, ConditionalOnEnabledHealthIndicator.class, MongoClient.class,
		MongoClientSettingsBuilderCustomizer.class })
@ConditionalOnBean({ MongoClient.class, MethodPolicies.class })
@ConditionalOnEnabledHealthIndicator("resilientdb")
public final class MongoProbeAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "mongoClientDatastoreProbes")
	ClientDatastoreProbes mongoClientDatastoreProbes(ListableBeanFactory beanFactory,
			ObjectProvider<DatastoreClients> clients) {
		return ClientDatastoreProbes.of(clients, "mongo", (beanName, datastore) -> new MongoDatastoreProbe(
				beanFactory.getBean(beanName, MongoClient.class), null, null, datastore));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnSingleCandidate(MongoClient.class)
	static class PrimaryProbeConfiguration {

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

}
