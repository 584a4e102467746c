package io.github.resilientdb.redis.autoconfigure;

import java.util.List;

import io.github.resilientdb.actuate.ClientDatastorePools;
import io.github.resilientdb.autoconfigure.ClientRepositoryDatastores;
import io.github.resilientdb.autoconfigure.DatastoreClients;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.engine.RepositoryDatastores;
import io.github.resilientdb.redis.LettuceErrorClassifier;
import io.github.resilientdb.redis.RedisDatastoreKind;
import io.github.resilientdb.redis.pool.RedisDatastorePool;
import io.github.resilientdb.redis.pool.RedisPoolControl;
import io.github.resilientdb.redis.send.SendTrackingConnectionFactoryPostProcessor;
import io.lettuce.core.RedisClient;
import org.apache.commons.pool2.impl.GenericObjectPool;

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
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.repository.support.RedisRepositoryFactoryBean;

/**
 * Makes the {@code redis} datastore available to {@code @ResilientDb} when the application has a Lettuce
 * {@link RedisConnectionFactory}, one more datastore for each further one (see {@link DatastoreClients}), the
 * inference of a Redis repository's datastore from its template, the {@link RedisPoolControl} of the single or
 * primary factory's pool, and the pool view of every {@code redis} datastore whose factory is a Lettuce one, for the
 * {@code resilientdb} endpoint; and knows whether a call sent any command through a Lettuce client.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ RedisConnectionFactory.class, RedisClient.class })
@ConditionalOnBean(RedisConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "resilientdb.enabled", matchIfMissing = true)
public final class RedisResilientDbAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "redisDatastoreType")
	DatastoreType redisDatastoreType(ObjectProvider<SendTrackingConnectionFactoryPostProcessor> sendTracking) {
		SendTrackingConnectionFactoryPostProcessor tracking = sendTracking.getIfAvailable();
		return new DatastoreType(RedisDatastoreKind.NAME, new LettuceErrorClassifier(),
				List.of("org.springframework.data.redis.", "org.springframework.data.keyvalue."),
				(tracking != null) ? tracking.sendTracker() : null, false);
	}

	@Bean
	@ConditionalOnMissingBean(name = "redisDatastoreClients")
	DatastoreClients redisDatastoreClients(ListableBeanFactory beanFactory) {
		return DatastoreClients.of(beanFactory, RedisConnectionFactory.class, RedisDatastoreKind.NAME);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(RedisRepositoryFactoryBean.class)
	static class RedisRepositoriesConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "redisRepositoryDatastores")
		RepositoryDatastores redisRepositoryDatastores(ConfigurableListableBeanFactory beanFactory,
				@Qualifier("redisDatastoreClients") DatastoreClients clients) {
			return new ClientRepositoryDatastores(beanFactory, clients, RedisRepositoryFactoryBean.class,
					"keyValueOperations", RedisRepositoryClients::connectionFactory);
		}

	}

	@Bean
	@ConditionalOnBooleanProperty(name = "resilientdb.redis.send-tracking.enabled", matchIfMissing = true)
	static SendTrackingConnectionFactoryPostProcessor resilientDbRedisSendTracking() {
		return new SendTrackingConnectionFactoryPostProcessor();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(GenericObjectPool.class)
	static class PoolControlConfiguration {

		@Bean
		@ConditionalOnMissingBean
		@ConditionalOnSingleCandidate(LettuceConnectionFactory.class)
		RedisPoolControl redisPoolControl(LettuceConnectionFactory connectionFactory) {
			return new RedisPoolControl(connectionFactory);
		}

		@Bean
		@ConditionalOnSingleCandidate(LettuceConnectionFactory.class)
		RedisDatastorePool resilientDbRedisDatastorePool(RedisPoolControl control) {
			return new RedisDatastorePool(RedisDatastoreKind.NAME, control);
		}

		@Bean
		@ConditionalOnMissingBean(name = "redisClientDatastorePools")
		ClientDatastorePools redisClientDatastorePools(ListableBeanFactory beanFactory,
				ObjectProvider<DatastoreClients> clients) {
			return ClientDatastorePools.of(clients, RedisDatastoreKind.NAME,
					(beanName, datastore) -> (beanFactory.getBean(beanName,
							RedisConnectionFactory.class) instanceof LettuceConnectionFactory lettuce)
									? new RedisDatastorePool(datastore, new RedisPoolControl(lettuce)) : null);
		}

	}

}
