package io.github.resilientdb.redis.autoconfigure;

import java.time.Duration;
import java.util.NoSuchElementException;

import io.github.resilientdb.autoconfigure.DeadlineTimeouts;
import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.redis.pool.RedisPoolErrorClassifier;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisProperties;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.PoolException;
import org.springframework.mock.env.MockEnvironment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RedisPoolAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RedisPoolAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.port=1");

	@Test
	void runShouldContributeCustomizersPoolSwitchAndPoolErrorClassifier() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(LettuceClientOptionsDefaultsCustomizer.class)
			.hasSingleBean(LettuceClientConfigurationDefaultsCustomizer.class)
			.hasSingleBean(LettuceClientDefaults.class)
			.hasSingleBean(LettucePoolSwitchPostProcessor.class)
			.hasSingleBean(RedisPoolErrorClassifier.class)
			.hasSingleBean(RedisPoolProperties.class));
	}

	@Test
	void runWhenDisabledShouldNotContributeAnything() {
		this.runner.withPropertyValues("resilientdb.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LettuceClientOptionsDefaultsCustomizer.class)
				.doesNotHaveBean(LettuceClientConfigurationDefaultsCustomizer.class)
				.doesNotHaveBean(LettucePoolSwitchPostProcessor.class));
	}

	@Test
	void runWithoutLettuceShouldNotContributeAnything() {
		this.runner.withClassLoader(new FilteredClassLoader(RedisClient.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(LettuceClientOptionsDefaultsCustomizer.class)
				.doesNotHaveBean(RedisPoolProperties.class));
	}

	@Test
	void runWithoutCommonsPool2ShouldNotContributePoolErrorClassifier() {
		this.runner.withClassLoader(new FilteredClassLoader("org.apache.commons.pool2"))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(LettuceClientOptionsDefaultsCustomizer.class)
				.doesNotHaveBean(RedisPoolErrorClassifier.class));
	}

	@Test
	void runWithUserCustomizerShouldBackOff() {
		this.runner.withUserConfiguration(UserCustomizerConfiguration.class)
			.run((context) -> assertThat(context).getBean(LettuceClientOptionsDefaultsCustomizer.class)
				.isSameAs(context.getBean(UserCustomizerConfiguration.class).customizer));
	}

	@Test
	void poolSwitchDecidesSpringBootsPoolingWhenNoSpringPoolKeyIsSet() {
		DataRedisProperties properties = new DataRedisProperties();
		switchOf(true, new MockEnvironment(), true).postProcessAfterInitialization(properties, "redisProperties");
		assertThat(properties.getLettuce().getPool().getEnabled()).isTrue();
		switchOf(false, new MockEnvironment(), true).postProcessAfterInitialization(properties, "redisProperties");
		assertThat(properties.getLettuce().getPool().getEnabled()).isFalse();
	}

	@Test
	void poolSwitchLeavesPoolingToSpringBootWhenASpringPoolKeyIsSet() {
		DataRedisProperties properties = new DataRedisProperties();
		MockEnvironment environment = new MockEnvironment()
			.withProperty("spring.data.redis.lettuce.pool.min-idle", "1");
		switchOf(false, environment, true).postProcessAfterInitialization(properties, "redisProperties");
		assertThat(properties.getLettuce().getPool().getEnabled()).isNull();
	}

	@Test
	void poolSwitchWithoutCommonsPool2FailsNamingTheProperty() {
		assertThatExceptionOfType(InvalidResilientDbPropertyException.class)
			.isThrownBy(() -> switchOf(true, new MockEnvironment(), false)
				.postProcessAfterInitialization(new DataRedisProperties(), "redisProperties"))
			.satisfies((failure) -> assertThat(failure.getProperty()).isEqualTo("resilientdb.redis.pool.enabled"))
			.withMessageContaining("org.apache.commons:commons-pool2");
		DataRedisProperties properties = new DataRedisProperties();
		switchOf(false, new MockEnvironment(), false).postProcessAfterInitialization(properties, "redisProperties");
		assertThat(properties.getLettuce().getPool().getEnabled()).isFalse();
	}

	@Test
	void poolErrorClassifierSaysNotSentOnlyForFailuresToObtainAConnection() {
		RedisPoolErrorClassifier classifier = new RedisPoolErrorClassifier();
		assertThat(classifier.classify(new RedisConnectionFailureException("Unable to connect to Redis",
				new PoolException("Could not get a resource from the pool",
						new NoSuchElementException("Timeout waiting for idle object")))))
			.isEqualTo(ErrorCategory.NOT_SENT);
		assertThat(classifier.classify(new PoolException("Could not prepare the pool")))
			.isEqualTo(ErrorCategory.NOT_SENT);
		assertThat(classifier.classify(new PoolException("Returned connection was either previously returned")))
			.isNull();
		assertThat(classifier.classify(new IllegalStateException("not a pool failure"))).isNull();
	}

	private static LettucePoolSwitchPostProcessor switchOf(boolean enabled, MockEnvironment environment,
			boolean commonsPool2Present) {
		return new LettucePoolSwitchPostProcessor(() -> enabled, () -> ExplicitRedisSettings.of(environment),
				commonsPool2Present);
	}

	@Configuration(proxyBeanMethods = false)
	static class UserCustomizerConfiguration {

		final LettuceClientOptionsDefaultsCustomizer customizer = new LettuceClientOptionsDefaultsCustomizer(
				new RedisPoolProperties.Pool(), ExplicitRedisSettings.of(new MockEnvironment()),
				DeadlineTimeouts.of(Duration.ofSeconds(5)));

		@Bean
		LettuceClientOptionsDefaultsCustomizer userCustomizer() {
			return this.customizer;
		}

	}

}
