package io.github.resilientdb.redis.autoconfigure;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

import io.github.resilientdb.Durability;
import io.github.resilientdb.autoconfigure.DatastoreClients;
import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;
import io.github.resilientdb.redis.RedisDatastoreKind;
import io.github.resilientdb.redis.durability.RedisDurabilityLevel;
import io.github.resilientdb.redis.durability.RedisDurabilityVerifier;
import io.lettuce.core.RedisClient;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

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
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Durability of Redis writes: the {@link RedisDurabilityVerifier} that runs {@code WAIT} (and {@code WAITAOF}) after
 * the writes of a {@code @ResilientDb} method asking for {@code CRITICAL} or {@code IMPORTANT}, on the connection
 * factory of the method's own datastore, configured under {@code resilientdb.redis.durability}.
 */
@AutoConfiguration(afterName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration",
		beforeName = "io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration")
@ConditionalOnClass({ RedisConnectionFactory.class, RedisClient.class })
@ConditionalOnBean(RedisConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "resilientdb.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RedisPoolProperties.class)
public final class RedisDurabilityAutoConfiguration {

	private static final Log logger = LogFactory.getLog(RedisDurabilityAutoConfiguration.class);

	@Bean
	@ConditionalOnMissingBean(name = "redisDurabilityVerifier")
	RedisDurabilityVerifier redisDurabilityVerifier(RedisPoolProperties properties, ListableBeanFactory beanFactory,
			ObjectProvider<DatastoreClients> clients, Environment environment) {
		RedisDurabilityLevel critical = level(properties.getDurability().getCritical());
		RedisDurabilityLevel important = level(properties.getDurability().getImportant());
		DatastoreClients redis = DatastoreClients.find(clients, beanFactory, RedisConnectionFactory.class,
				RedisDatastoreKind.NAME);
		RedisDurabilityVerifier primary = RedisDurabilityVerifier.unavailable("the application has "
				+ redis.datastoresByBean().size() + " Redis connection factories and none is @Primary, so this "
				+ "datastore, declared by resilientdb.datastores.<name>.type=redis, has no connection factory of its "
				+ "own", critical, important);
		Map<String, RedisDurabilityVerifier> own = new LinkedHashMap<>();
		for (Map.Entry<String, String> client : redis.datastoresByBean().entrySet()) {
			RedisDurabilityVerifier verifier = verifier(client.getKey(),
					beanFactory.getBean(client.getKey(), RedisConnectionFactory.class), critical, important,
					environment);
			if (client.getValue().equals(RedisDatastoreKind.NAME)) {
				primary = verifier;
			}
			else {
				own.put(client.getValue(), verifier);
			}
		}
		return own.isEmpty() ? primary : RedisDurabilityVerifier.perDatastore(primary, own);
	}

	private static RedisDurabilityVerifier verifier(String beanName, RedisConnectionFactory connectionFactory,
			RedisDurabilityLevel critical, RedisDurabilityLevel important, Environment environment) {
		if (!(connectionFactory instanceof LettuceConnectionFactory factory)) {
			return RedisDurabilityVerifier.unavailable("its connection factory '" + beanName + "' is a "
					+ connectionFactory.getClass().getName() + ", where a LettuceConnectionFactory is needed",
					critical, important);
		}
		Duration commandTimeout = factory.getClientConfiguration().getCommandTimeout();
		return new RedisDurabilityVerifier(factory,
				fitCommandTimeout(Durability.CRITICAL, critical, commandTimeout, environment),
				fitCommandTimeout(Durability.IMPORTANT, important, commandTimeout, environment));
	}

	private static RedisDurabilityLevel level(RedisPoolProperties.Level level) {
		return new RedisDurabilityLevel(level.getReplicas(), level.isLocalAof(), level.getAofReplicas(),
				level.getTimeout());
	}

	/**
	 * Keeps a level's waits below the command timeout: a default timeout adapts to a short command timeout (logged
	 * at INFO); a timeout the application set that does not fit fails the start, naming both properties.
	 */
	private static RedisDurabilityLevel fitCommandTimeout(Durability durability, RedisDurabilityLevel level,
			Duration commandTimeout, Environment environment) {
		if (commandTimeout.isZero() || commandTimeout.isNegative()
				|| level.maximumWait().compareTo(commandTimeout) < 0) {
			return level;
		}
		String property = RedisPoolProperties.DURABILITY + durability.name().toLowerCase() + ".timeout";
		int waits = (level.replicas() > 0 && level.usesAof()) ? 2 : 1;
		if (!Binder.get(environment).bind(property, Bindable.of(String.class)).isBound()) {
			Duration adapted = commandTimeout.dividedBy(waits + 1L);
			logger.info("resilient-db's default " + property + " (" + RedisPoolProperties.format(level.timeout())
					+ ") adapted to " + RedisPoolProperties.format(adapted) + " to fit the Redis command timeout ("
					+ RedisPoolProperties.format(commandTimeout) + ")");
			return new RedisDurabilityLevel(level.replicas(), level.localAof(), level.aofReplicas(), adapted);
		}
		String waitsText = (waits == 2) ? "twice the timeout (WAIT, then WAITAOF)" : "the timeout";
		throw new InvalidResilientDbPropertyException(property, RedisPoolProperties.format(level.timeout()),
				"a duration such that " + waitsText + " stays below the Redis command timeout ("
						+ RedisPoolProperties.format(commandTimeout) + ", spring.data.redis.timeout or "
						+ RedisPoolProperties.POOL + "command-timeout), or the commands would time out before "
						+ "Redis answers how many acknowledged; change one of them");
	}

}
