package io.github.resilientdb.redis.durability;

import java.time.Duration;

import io.github.resilientdb.Durability;
import io.github.resilientdb.DurabilityException;
import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.engine.DurabilityVerifier;
import io.github.resilientdb.redis.autoconfigure.RedisDurabilityAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisPoolAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import io.lettuce.core.RedisClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class RedisDurabilityAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RedisPoolAutoConfiguration.class,
				RedisDurabilityAutoConfiguration.class, RedisResilientDbAutoConfiguration.class,
				ResilientDbAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.port=1");

	@Test
	void runWithLettuceConnectionFactoryShouldContributeVerifierWithDefaultLevels() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(DurabilityVerifier.class).hasBean("redisDurabilityVerifier");
			RedisDurabilityVerifier verifier = context.getBean(RedisDurabilityVerifier.class);
			assertThat(verifier.datastoreType()).isEqualTo("redis");
			assertThat(verifier.level(Durability.CRITICAL))
				.isEqualTo(new RedisDurabilityLevel(1, false, 0, Duration.ofSeconds(1)));
			assertThat(verifier.level(Durability.IMPORTANT))
				.isEqualTo(new RedisDurabilityLevel(0, true, 0, Duration.ofSeconds(1)));
			assertThat(verifier.level(Durability.BULK)).isNull();
			assertThat(verifier.level(Durability.FIRE_AND_FORGET)).isNull();
		});
	}

	@Test
	void runWithLevelPropertiesShouldConfigureVerifier() {
		this.runner
			.withPropertyValues("resilientdb.redis.durability.critical.replicas=2",
					"resilientdb.redis.durability.critical.aof-replicas=1",
					"resilientdb.redis.durability.critical.timeout=500ms",
					"resilientdb.redis.durability.important.replicas=1",
					"resilientdb.redis.durability.important.local-aof=false")
			.run((context) -> {
				RedisDurabilityVerifier verifier = context.getBean(RedisDurabilityVerifier.class);
				assertThat(verifier.level(Durability.CRITICAL))
					.isEqualTo(new RedisDurabilityLevel(2, false, 1, Duration.ofMillis(500)));
				assertThat(verifier.level(Durability.CRITICAL)).hasToString("WAIT 2 500, then WAITAOF 0 1 500");
				assertThat(verifier.level(Durability.IMPORTANT))
					.isEqualTo(new RedisDurabilityLevel(1, false, 0, Duration.ofSeconds(1)));
			});
	}

	@Test
	void runWithoutRedisConnectionFactoryShouldNotContributeVerifier() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(RedisDurabilityAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DurabilityVerifier.class));
	}

	@Test
	void runWithoutLettuceShouldNotContributeVerifier() {
		this.runner.withClassLoader(new FilteredClassLoader(RedisClient.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DurabilityVerifier.class));
	}

	@Test
	void runWhenDisabledShouldNotContributeVerifier() {
		this.runner.withPropertyValues("resilientdb.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DurabilityVerifier.class));
	}

	@Test
	void runWithUserVerifierShouldBackOff() {
		this.runner.withUserConfiguration(UserVerifierConfiguration.class)
			.run((context) -> assertThat(context.getBean("redisDurabilityVerifier"))
				.isSameAs(context.getBean(UserVerifierConfiguration.class).verifier));
	}

	@Test
	void runWithTwoConnectionFactoriesShouldVerifyEachDatastoreOnItsOwnFactory() {
		this.runner.withUserConfiguration(TwoFactoriesConfiguration.class).run((context) -> {
			RedisDurabilityVerifier verifier = context.getBean(RedisDurabilityVerifier.class);
			assertThat(verifier.connectionFactory("firstConnectionFactory"))
				.isSameAs(context.getBean("firstConnectionFactory"));
			assertThat(verifier.connectionFactory("secondConnectionFactory"))
				.isSameAs(context.getBean("secondConnectionFactory"));
		});
	}

	@Test
	void runWithTwoConnectionFactoriesAndNoPrimaryShouldFailEveryVerificationOfADatastoreWithoutOneRatherThanSkipIt() {
		this.runner.withUserConfiguration(TwoFactoriesConfiguration.class).run((context) -> {
			RedisDurabilityVerifier verifier = context.getBean(RedisDurabilityVerifier.class);
			assertThat(verifier.connectionFactory("redis")).isNull();
			assertThatExceptionOfType(DurabilityException.class)
				.isThrownBy(() -> verifier.verify("redis", Durability.CRITICAL))
				.withMessageContaining("2 Redis connection factories and none is @Primary");
			assertThatIllegalArgumentException()
				.isThrownBy(() -> verifier.check("Orders.save", "redis", Durability.CRITICAL))
				.withMessageContaining("none is @Primary");
			verifier.verify("redis", Durability.BULK);
		});
	}

	@ParameterizedTest(name = "{0}")
	@CsvSource(delimiter = '|', value = {
			"resilientdb.redis.durability.critical.replicas=0 | resilientdb.redis.durability.critical.replicas",
			"resilientdb.redis.durability.critical.replicas=-1 | resilientdb.redis.durability.critical.replicas",
			"resilientdb.redis.durability.critical.timeout=0 | resilientdb.redis.durability.critical.timeout",
			"resilientdb.redis.durability.important.local-aof=false | resilientdb.redis.durability.important.replicas",
			"resilientdb.redis.durability.important.aof-replicas=-1 "
					+ "| resilientdb.redis.durability.important.aof-replicas",
			"resilientdb.redis.durability.important.timeout=-1s | resilientdb.redis.durability.important.timeout",
			"resilientdb.redis.durability.critical.timeout=2s | resilientdb.redis.durability.critical.timeout",
			"spring.data.redis.timeout=1s, resilientdb.redis.durability.critical.timeout=1s "
					+ "| resilientdb.redis.durability.critical.timeout" })
	void unsafeLevelFailsTheStartNamingTheProperty(String property, String expected) {
		this.runner.withPropertyValues(property.split(", ")).run((context) -> assertThat(failure(context).getProperty())
			.isEqualTo(expected));
	}

	@Test
	void defaultTimeoutsAdaptToTheApplicationsShortCommandTimeout() {
		this.runner.withPropertyValues("spring.data.redis.timeout=1s").run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(LettuceConnectionFactory.class).getClientConfiguration().getCommandTimeout())
				.isEqualTo(Duration.ofSeconds(1));
			RedisDurabilityVerifier verifier = context.getBean(RedisDurabilityVerifier.class);
			assertThat(verifier.level(Durability.CRITICAL))
				.isEqualTo(new RedisDurabilityLevel(1, false, 0, Duration.ofMillis(500)));
			assertThat(verifier.level(Durability.IMPORTANT))
				.isEqualTo(new RedisDurabilityLevel(0, true, 0, Duration.ofMillis(500)));
		});
	}

	@Test
	void defaultTimeoutAdaptsWhenTheApplicationAsksForWaitAndWaitaof() {
		this.runner.withPropertyValues("resilientdb.redis.durability.important.replicas=1").run((context) -> {
			RedisDurabilityVerifier verifier = context.getBean(RedisDurabilityVerifier.class);
			assertThat(verifier.level(Durability.IMPORTANT).maximumWait()).isLessThan(Duration.ofSeconds(2));
		});
	}

	@Test
	void waitLongerThanCommandTimeoutSaysWhy() {
		this.runner
			.withPropertyValues("resilientdb.redis.durability.important.replicas=1",
					"resilientdb.redis.durability.important.timeout=1s")
			.run((context) -> assertThat(failure(context).getRequirement())
				.contains("twice the timeout (WAIT, then WAITAOF) stays below the Redis command timeout (2s, "
						+ "spring.data.redis.timeout or resilientdb.redis.pool.command-timeout)"));
	}

	private static InvalidResilientDbPropertyException failure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable root = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
		assertThat(root).isInstanceOf(InvalidResilientDbPropertyException.class);
		return (InvalidResilientDbPropertyException) root;
	}

	@Configuration(proxyBeanMethods = false)
	static class UserVerifierConfiguration {

		final RedisDurabilityVerifier verifier = RedisDurabilityVerifier.unavailable("user's",
				new RedisDurabilityLevel(1, false, 0, Duration.ofSeconds(1)),
				new RedisDurabilityLevel(1, false, 0, Duration.ofSeconds(1)));

		@Bean
		RedisDurabilityVerifier redisDurabilityVerifier() {
			return this.verifier;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoFactoriesConfiguration {

		@Bean
		LettuceConnectionFactory firstConnectionFactory() {
			return unstarted();
		}

		@Bean
		LettuceConnectionFactory secondConnectionFactory() {
			return unstarted();
		}

		private static LettuceConnectionFactory unstarted() {
			LettuceConnectionFactory factory = new LettuceConnectionFactory("127.0.0.1", 1);
			factory.setAutoStartup(false);
			return factory;
		}

	}

}
