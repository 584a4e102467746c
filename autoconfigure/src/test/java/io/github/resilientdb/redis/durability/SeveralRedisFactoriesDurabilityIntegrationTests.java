package io.github.resilientdb.redis.durability;

import java.time.Duration;

import io.github.resilientdb.redis.RedisProbe;
import io.github.resilientdb.Durability;
import io.github.resilientdb.DurabilityException;
import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisDurabilityAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import io.github.resilientdb.test.server.PrivateRedis;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Two Lettuce connection factories on two private Redis servers, the secondary with a replica and the primary
 * without: a {@code CRITICAL} write through each factory is verified with {@code WAIT} on that factory's own server,
 * so the secondary's write is acknowledged by its replica, and the primary's reports 0 of 1.
 */
class SeveralRedisFactoriesDurabilityIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RedisDurabilityAutoConfiguration.class,
				RedisResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class))
		.withUserConfiguration(TwoFactories.class);

	@Test
	void criticalWriteWhenOnTheSecondaryFactoryShouldBeVerifiedOnTheSecondarysOwnServer() throws Exception {
		try (PrivateRedis main = PrivateRedis.start();
				PrivateRedis session = PrivateRedis.start();
				PrivateRedis sessionReplica = PrivateRedis.builder().replicaOf(session).start();
				RedisProbe mainProbe = RedisProbe.on(main);
				RedisProbe sessionProbe = RedisProbe.on(session);
				RedisProbe replicaProbe = RedisProbe.on(sessionReplica)) {
			sessionProbe.awaitOnlineReplicas(1);
			this.runner.withPropertyValues("test.redis.main=" + main.port(), "test.redis.session=" + session.port())
				.run((context) -> {
					Writes writes = context.getBean(Writes.class);
					mainProbe.resetStats();
					sessionProbe.resetStats();
					assertThat(writes.session("visits", 3)).isEqualTo(3);
					assertThat(sessionProbe.received("wait")).as("WAIT on the session server").isOne();
					assertThat(mainProbe.received("wait")).as("none on the main server").isZero();
					assertThat(replicaProbe.commands().get("visits")).as("on the session replica").isEqualTo("3");

					assertThatExceptionOfType(DurabilityException.class).isThrownBy(() -> writes.main("visits", 4))
						.satisfies((ex) -> {
							assertThat(ex.getDatastore()).isEqualTo("redis");
							assertThat(ex.getAcknowledgements()).as("the main server has no replica").isZero();
							assertThat(ex.getRequiredAcknowledgements()).isOne();
						});
					assertThat(mainProbe.received("wait")).isOne();
					assertThat(sessionProbe.received("wait")).isOne();
				});
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoFactories {

		@Bean
		@Primary
		LettuceConnectionFactory mainRedisConnectionFactory(Environment environment) {
			return factory(environment.getRequiredProperty("test.redis.main", Integer.class));
		}

		@Bean
		LettuceConnectionFactory sessionRedisConnectionFactory(Environment environment) {
			return factory(environment.getRequiredProperty("test.redis.session", Integer.class));
		}

		@Bean
		Writes writes(LettuceConnectionFactory mainRedisConnectionFactory,
				@Qualifier("sessionRedisConnectionFactory") LettuceConnectionFactory sessionRedisConnectionFactory) {
			return new Writes(new StringRedisTemplate(mainRedisConnectionFactory),
					new StringRedisTemplate(sessionRedisConnectionFactory));
		}

		private static LettuceConnectionFactory factory(int port) {
			return new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
					LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(5)).build());
		}

	}

	/**
	 * One {@code CRITICAL} write per datastore, each through its own factory.
	 */
	static class Writes {

		private final StringRedisTemplate main;

		private final StringRedisTemplate session;

		Writes(StringRedisTemplate main, StringRedisTemplate session) {
			this.main = main;
			this.session = session;
		}

		@ResilientDb(datastore = "redis", durability = Durability.CRITICAL, idempotency = Idempotency.NOT_IDEMPOTENT)
		public Long main(String key, long amount) {
			return this.main.opsForValue().increment(key, amount);
		}

		@ResilientDb(datastore = "sessionRedisConnectionFactory", durability = Durability.CRITICAL,
				idempotency = Idempotency.NOT_IDEMPOTENT)
		public Long session(String key, long amount) {
			return this.session.opsForValue().increment(key, amount);
		}

	}

}
