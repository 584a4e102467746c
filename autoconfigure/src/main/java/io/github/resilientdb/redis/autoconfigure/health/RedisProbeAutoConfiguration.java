package io.github.resilientdb.redis.autoconfigure.health;

import io.github.resilientdb.autoconfigure.DatastoreClients;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.health.autoconfigure.ClientDatastoreProbes;
import io.github.resilientdb.health.autoconfigure.ResilientDbHealthAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import io.github.resilientdb.redis.health.RedisDatastoreProbe;
import io.lettuce.core.RedisClient;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;

/**
 * Auto-configuration of the {@code redis} datastores' health probes: one for the single or primary
 * {@link RedisConnectionFactory}, and one for each other connection factory bean, which is a datastore of its own.
 */
@AutoConfiguration(after = { RedisResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class },
		before = ResilientDbHealthAutoConfiguration.class)
@ConditionalOnClass({ HealthContributor.class, ConditionalOnEnabledHealthIndicator.class,
		RedisConnectionFactory.class, RedisClient.class, DataRedisConnectionDetails.class })
@ConditionalOnBean({ RedisConnectionFactory.class, MethodPolicies.class })
@ConditionalOnEnabledHealthIndicator("resilientdb")
public final class RedisProbeAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "redisClientDatastoreProbes")
	ClientDatastoreProbes redisClientDatastoreProbes(ListableBeanFactory beanFactory,
			ObjectProvider<DatastoreClients> clients) {
		return ClientDatastoreProbes.of(clients, "redis", (beanName, datastore) -> {
			RedisConnectionFactory connectionFactory = beanFactory.getBean(beanName, RedisConnectionFactory.class);
			return new RedisDatastoreProbe(connectionFactory, RedisDatastoreProbe.password(connectionFactory),
					datastore);
		});
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnSingleCandidate(RedisConnectionFactory.class)
	static class PrimaryProbeConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "redisDatastoreProbe")
		RedisDatastoreProbe redisDatastoreProbe(RedisConnectionFactory connectionFactory,
				ObjectProvider<DataRedisConnectionDetails> connectionDetails) {
			DataRedisConnectionDetails details = connectionDetails.getIfAvailable();
			return new RedisDatastoreProbe(connectionFactory, (details != null) ? details.getPassword() : null);
		}

	}

}
