package io.github.resilientdb.redis.integration;

import java.time.Duration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.DatabaseUnavailableException;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import io.github.resilientdb.test.server.PrivateRedis;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisKeyValueAdapter;
import org.springframework.data.redis.core.RedisKeyValueTemplate;
import org.springframework.data.redis.core.RedisTemplate;
import org.springframework.data.redis.core.mapping.RedisMappingContext;
import org.springframework.data.redis.repository.configuration.EnableRedisRepositories;

import static io.github.resilientdb.integration.DatastoreCalls.breaker;
import static io.github.resilientdb.integration.DatastoreCalls.calls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Two Spring Data Redis repositories, one on each of two connection factories (databases 0 and 1 of the private
 * Redis server), each given its own {@code RedisKeyValueTemplate} through
 * {@code @EnableRedisRepositories(keyValueTemplateRef)}: each runs behind its own connection factory's datastore
 * without naming it, inferred from its template's adapter and {@code RedisTemplate}, not from its type (which would
 * give {@code redis} to both).
 */
class RedisRepositoryDatastoreIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(
				AutoConfigurations.of(RedisResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class))
		.withUserConfiguration(TwoConnectionFactories.class);

	@Test
	void eachRepositoryWhenOnItsOwnConnectionFactoryShouldRunBehindThatDatastore() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			MainPetRepository mainPets = context.getBean(MainPetRepository.class);
			SessionPetRepository sessionPets = context.getBean(SessionPetRepository.class);
			mainPets.deleteAll();
			sessionPets.deleteAll();
			mainPets.save(new RedisPet("leo", "Leo"));
			sessionPets.save(new RedisPet("basil", "Basil"));
			sessionPets.save(new RedisPet("milo", "Milo"));
			assertThat(mainPets.findAll()).extracting(RedisPet::name).containsExactly("Leo");
			assertThat(sessionPets.findAll()).extracting(RedisPet::name).containsExactlyInAnyOrder("Basil", "Milo");
			assertThat(successfulCalls(context, "redis")).isEqualTo(3);
			assertThat(successfulCalls(context, "sessionRedisConnectionFactory")).isEqualTo(4);
			assertThat(calls(context, "redis")).isEqualTo(3);
			assertThat(calls(context, "sessionRedisConnectionFactory")).isEqualTo(4);
		});
	}

	@Test
	void oneDatastoresBreakerWhenForcedOpenShouldRejectOnlyItsRepository() {
		this.runner.run((context) -> {
			MainPetRepository mainPets = context.getBean(MainPetRepository.class);
			SessionPetRepository sessionPets = context.getBean(SessionPetRepository.class);

			breaker(context, "sessionRedisConnectionFactory").transitionToForcedOpenState();
			assertThatExceptionOfType(DatabaseUnavailableException.class).isThrownBy(sessionPets::count);
			mainPets.save(new RedisPet("leo", "Leo"));
			assertThat(mainPets.existsById("leo")).isTrue();
			assertThat(breaker(context, "redis").getState()).isEqualTo(CircuitBreaker.State.CLOSED);

			breaker(context, "sessionRedisConnectionFactory").transitionToClosedState();
			breaker(context, "redis").transitionToForcedOpenState();
			assertThatExceptionOfType(DatabaseUnavailableException.class).isThrownBy(mainPets::count);
			assertThat(sessionPets.existsById("leo")).as("database 1 is not database 0").isFalse();
			assertThat(breaker(context, "redis").getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(1);
			assertThat(breaker(context, "sessionRedisConnectionFactory").getMetrics().getNumberOfSuccessfulCalls())
				.isEqualTo(1);
		});
	}

	private static int successfulCalls(ApplicationContext context, String datastore) {
		return breaker(context, datastore).getMetrics().getNumberOfSuccessfulCalls();
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ MainRepositories.class, SessionRepositories.class })
	static class TwoConnectionFactories {

		@Bean
		@Primary
		LettuceConnectionFactory mainRedisConnectionFactory() {
			return connectionFactory(0);
		}

		@Bean
		LettuceConnectionFactory sessionRedisConnectionFactory() {
			return connectionFactory(1);
		}

		@Bean
		RedisTemplate<byte[], byte[]> mainRedisTemplate(RedisConnectionFactory mainRedisConnectionFactory) {
			return redisTemplate(mainRedisConnectionFactory);
		}

		@Bean
		RedisTemplate<byte[], byte[]> sessionRedisTemplate(
				@Qualifier("sessionRedisConnectionFactory") RedisConnectionFactory sessionRedisConnectionFactory) {
			return redisTemplate(sessionRedisConnectionFactory);
		}

		@Bean
		RedisKeyValueAdapter mainKeyValueAdapter(@Qualifier("mainRedisTemplate") RedisTemplate<?, ?> mainRedisTemplate,
				@Qualifier("keyValueMappingContext") RedisMappingContext mappingContext) {
			return new RedisKeyValueAdapter(mainRedisTemplate, mappingContext);
		}

		@Bean
		RedisKeyValueAdapter sessionKeyValueAdapter(
				@Qualifier("sessionRedisTemplate") RedisTemplate<?, ?> sessionRedisTemplate,
				@Qualifier("keyValueMappingContext") RedisMappingContext mappingContext) {
			return new RedisKeyValueAdapter(sessionRedisTemplate, mappingContext);
		}

		@Bean
		RedisKeyValueTemplate mainKeyValueTemplate(@Qualifier("mainKeyValueAdapter") RedisKeyValueAdapter adapter,
				@Qualifier("keyValueMappingContext") RedisMappingContext mappingContext) {
			return new RedisKeyValueTemplate(adapter, mappingContext);
		}

		@Bean
		RedisKeyValueTemplate sessionKeyValueTemplate(@Qualifier("sessionKeyValueAdapter") RedisKeyValueAdapter adapter,
				@Qualifier("keyValueMappingContext") RedisMappingContext mappingContext) {
			return new RedisKeyValueTemplate(adapter, mappingContext);
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		private static LettuceConnectionFactory connectionFactory(int database) {
			PrivateRedis redis = PrivateRedis.shared();
			RedisStandaloneConfiguration server = new RedisStandaloneConfiguration("127.0.0.1", redis.port());
			server.setDatabase(database);
			redis.password().ifPresent(server::setPassword);
			return new LettuceConnectionFactory(server,
					LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(1)).build());
		}

		private static RedisTemplate<byte[], byte[]> redisTemplate(RedisConnectionFactory connectionFactory) {
			RedisTemplate<byte[], byte[]> template = new RedisTemplate<>();
			template.setConnectionFactory(connectionFactory);
			return template;
		}

	}

	/**
	 * Spring Data Redis registers one {@code redisKeyValueAdapter} for all its repositories, on the first
	 * {@code redisTemplateRef}; a repository on another connection factory names its own template.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableRedisRepositories(basePackageClasses = RedisPet.class,
			includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = MainPetRepository.class),
			redisTemplateRef = "mainRedisTemplate", keyValueTemplateRef = "mainKeyValueTemplate")
	static class MainRepositories {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableRedisRepositories(basePackageClasses = RedisPet.class,
			includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = SessionPetRepository.class),
			redisTemplateRef = "sessionRedisTemplate", keyValueTemplateRef = "sessionKeyValueTemplate")
	static class SessionRepositories {

	}

}
