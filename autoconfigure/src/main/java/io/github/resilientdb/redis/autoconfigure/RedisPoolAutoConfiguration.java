package io.github.resilientdb.redis.autoconfigure;

import io.github.resilientdb.autoconfigure.DeadlineTimeouts;
import io.github.resilientdb.autoconfigure.UnappliedClientDefaultsReporter;
import io.github.resilientdb.redis.pool.RedisPoolErrorClassifier;
import io.github.resilientdb.redis.pool.StuckConnectionResetRegistrar;
import io.lettuce.core.RedisClient;
import org.apache.commons.pool2.ObjectPool;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Production defaults for the Lettuce client Spring Boot builds ({@code resilientdb.redis.pool}), applied through
 * Boot's customizers, and the optional commons-pool2 pool. A connection factory the application builds itself gets
 * them through {@link LettuceClientDefaults}; one built without them is named in an INFO line at start-up. Runs before Boot's Redis auto-configuration, whose
 * connection factory picks the customizers up.
 */
@AutoConfiguration(beforeName = "org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration")
@ConditionalOnClass({ LettuceConnectionFactory.class, RedisClient.class,
		LettuceClientConfigurationBuilderCustomizer.class })
@ConditionalOnBooleanProperty(name = "resilientdb.enabled", matchIfMissing = true)
@EnableConfigurationProperties(RedisPoolProperties.class)
public final class RedisPoolAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean
	LettuceClientOptionsDefaultsCustomizer resilientDbLettuceClientOptionsDefaultsCustomizer(
			RedisPoolProperties properties, Environment environment) {
		return new LettuceClientOptionsDefaultsCustomizer(properties.getPool(), ExplicitRedisSettings.of(environment),
				DeadlineTimeouts.of(environment, "redis"));
	}

	@Bean
	@ConditionalOnMissingBean
	LettuceClientConfigurationDefaultsCustomizer resilientDbLettuceClientConfigurationDefaultsCustomizer(
			RedisPoolProperties properties, Environment environment) {
		return new LettuceClientConfigurationDefaultsCustomizer(properties.getPool(),
				ExplicitRedisSettings.of(environment), environment.getProperty("spring.application.name"),
				DeadlineTimeouts.of(environment, "redis"));
	}

	@Bean
	@ConditionalOnMissingBean
	LettuceClientDefaults resilientDbLettuceClientDefaults(LettuceClientOptionsDefaultsCustomizer options,
			LettuceClientConfigurationDefaultsCustomizer configuration) {
		return new LettuceClientDefaults(options, configuration);
	}

	@Bean
	UnappliedClientDefaultsReporter<LettuceConnectionFactory> resilientDbLettuceClientDefaultsReporter(
			ConfigurableListableBeanFactory beanFactory, LettuceClientDefaults defaults) {
		return new UnappliedClientDefaultsReporter<>(beanFactory, LettuceConnectionFactory.class,
				(factory) -> defaults.isAppliedTo(factory.getClientConfiguration()),
				"to apply them, inject " + LettuceClientDefaults.class.getName()
						+ " and build the factory's client configuration with its apply(LettuceClientConfigurationBuilder)");
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBooleanProperty(name = "resilientdb.redis.replace-stuck-connections", matchIfMissing = true)
	StuckConnectionResetRegistrar resilientDbStuckConnectionResetRegistrar(
			ObjectProvider<LettuceConnectionFactory> factories) {
		return new StuckConnectionResetRegistrar(factories);
	}

	@Bean
	static LettucePoolSwitchPostProcessor resilientDbLettucePoolSwitchPostProcessor(Environment environment) {
		return new LettucePoolSwitchPostProcessor(
				() -> Binder.get(environment).bind("resilientdb.redis.pool.enabled", Boolean.class).orElse(false),
				() -> ExplicitRedisSettings.of(environment));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ObjectPool.class)
	static class CommonsPool2Configuration {

		@Bean
		@ConditionalOnMissingBean
		RedisPoolErrorClassifier resilientDbRedisPoolErrorClassifier() {
			return new RedisPoolErrorClassifier();
		}

	}

}
