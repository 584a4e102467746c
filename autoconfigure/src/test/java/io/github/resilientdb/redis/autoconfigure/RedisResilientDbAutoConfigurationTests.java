package io.github.resilientdb.redis.autoconfigure;

import java.util.List;

import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.redis.LettuceErrorClassifier;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisCommandExecutionException;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.keyvalue.repository.KeyValueRepository;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.repository.support.RedisRepositoryFactoryBean;

import static org.assertj.core.api.Assertions.assertThat;

class RedisResilientDbAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(RedisResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class));

	@Test
	void runWithConnectionFactoryShouldContributeRedisDatastore() {
		this.runner.withUserConfiguration(ConnectionFactoryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(DatastoreType.class).hasBean("redisDatastoreType");
			DatastoreType type = context.getBean(DatastoreType.class);
			assertThat(type.name()).isEqualTo("redis");
			assertThat(type.classifier()).isInstanceOf(LettuceErrorClassifier.class);
			assertThat(type.owns(KeyValueRepository.class)).isTrue();
			assertThat(type.owns(RedisConnectionFactory.class)).isTrue();
		});
	}

	@Test
	void runWithConnectionFactoryShouldClassifyLettuceFailures() {
		this.runner.withUserConfiguration(ConnectionFactoryConfiguration.class).run((context) -> {
			ErrorClassification classification = context.getBean(ErrorClassification.class);
			assertThat(classification.classify(new RedisSystemException("Error in execution",
					new RedisCommandExecutionException("READONLY You can't write against a read only replica."))))
				.isEqualTo(ErrorCategory.REJECTED_BY_SERVER);
		});
	}

	@Test
	void runAfterBootsDataRedisAutoConfigurationShouldContributeRedisDatastore() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
					RedisResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.port=1")
			.run((context) -> assertThat(context).hasSingleBean(RedisConnectionFactory.class)
				.hasBean("redisDatastoreType"));
	}

	@Test
	void runWithoutConnectionFactoryShouldNotContributeRedisDatastore() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DatastoreType.class));
	}

	@Test
	void runWithConnectionFactoryShouldInferRedisRepositoriesDatastores() {
		this.runner.withUserConfiguration(ConnectionFactoryConfiguration.class)
			.run((context) -> assertThat(context).hasBean("redisRepositoryDatastores"));
	}

	@Test
	void runWithoutRedisRepositoriesShouldNotInferRedisRepositoriesDatastores() {
		this.runner.withUserConfiguration(ConnectionFactoryConfiguration.class)
			.withClassLoader(new FilteredClassLoader(RedisRepositoryFactoryBean.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean("redisDatastoreType")
				.doesNotHaveBean("redisRepositoryDatastores"));
	}

	@Test
	void runWithoutLettuceShouldNotContributeRedisDatastore() {
		this.runner.withUserConfiguration(ConnectionFactoryConfiguration.class)
			.withClassLoader(new FilteredClassLoader(RedisClient.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DatastoreType.class));
	}

	@Test
	void runWithoutSpringDataRedisShouldNotContributeRedisDatastore() {
		this.runner.withUserConfiguration(ConnectionFactoryConfiguration.class)
			.withClassLoader(new FilteredClassLoader(RedisConnectionFactory.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DatastoreType.class));
	}

	@Test
	void runWhenDisabledShouldNotContributeRedisDatastore() {
		this.runner.withUserConfiguration(ConnectionFactoryConfiguration.class)
			.withPropertyValues("resilientdb.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DatastoreType.class));
	}

	@Test
	void runWithUserRedisDatastoreTypeShouldBackOff() {
		this.runner.withUserConfiguration(ConnectionFactoryConfiguration.class, UserDatastoreTypeConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(DatastoreType.class);
				assertThat(context.getBean("redisDatastoreType"))
					.isSameAs(context.getBean(UserDatastoreTypeConfiguration.class).type);
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class ConnectionFactoryConfiguration {

		@Bean
		LettuceConnectionFactory redisConnectionFactory() {
			LettuceConnectionFactory factory = new LettuceConnectionFactory("127.0.0.1", 1);
			factory.setEarlyStartup(false);
			factory.setAutoStartup(false);
			return factory;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserDatastoreTypeConfiguration {

		final DatastoreType type = new DatastoreType("redis", (error) -> null, List.of());

		@Bean
		DatastoreType redisDatastoreType() {
			return this.type;
		}

	}

}
