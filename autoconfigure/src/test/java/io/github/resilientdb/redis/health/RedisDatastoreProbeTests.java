package io.github.resilientdb.redis.health;

import java.time.Duration;
import java.util.concurrent.TimeoutException;

import io.github.resilientdb.health.PoolUsage;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.PrivateRedis;
import io.lettuce.core.api.StatefulConnection;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.Test;

import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.mockito.BDDMockito.given;
import static org.mockito.Mockito.mock;

class RedisDatastoreProbeTests {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	@Test
	void checkShouldPingRedisAndReportTheSharedConnection() throws Exception {
		LettuceConnectionFactory factory = start(PrivateRedis.shared().port());
		try {
			RedisDatastoreProbe probe = new RedisDatastoreProbe(factory, null);
			assertThat(probe.type()).isEqualTo("redis");
			probe.check(TIMEOUT);
			assertThat(probe.pool()).isEqualTo(PoolUsage.multiplexedConnection());
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void poolOfPooledFactoryShouldBeReadFromCommonsPool2() throws Exception {
		GenericObjectPoolConfig<StatefulConnection<?, ?>> config = new GenericObjectPoolConfig<>();
		config.setMaxTotal(5);
		LettuceConnectionFactory factory = new LettuceConnectionFactory(
				new RedisStandaloneConfiguration("127.0.0.1", PrivateRedis.shared().port()),
				LettucePoolingClientConfiguration.builder().poolConfig(config).build());
		factory.afterPropertiesSet();
		factory.start();
		try {
			RedisDatastoreProbe probe = new RedisDatastoreProbe(factory, null);
			probe.check(TIMEOUT);
			PoolUsage pool = probe.pool();
			assertThat(pool.multiplexed()).isFalse();
			assertThat(pool.max()).isEqualTo(5);
			assertThat(pool.active() + pool.idle()).isPositive();
			config.setJmxEnabled(false);
			assertThat(probe.pool()).isNull();
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void checkOfHangingServerShouldTimeOutOnTime() throws Exception {
		try (FaultProxy proxy = FaultProxy.to("127.0.0.1", PrivateRedis.shared().port())) {
			LettuceConnectionFactory factory = start(proxy.port());
			try {
				RedisDatastoreProbe probe = new RedisDatastoreProbe(factory, null);
				probe.check(TIMEOUT);
				proxy.blackhole();
				long start = System.nanoTime();
				assertThatExceptionOfType(TimeoutException.class).isThrownBy(() -> probe.check(TIMEOUT));
				assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(3));
				proxy.pass();
				probe.check(TIMEOUT);
			}
			finally {
				factory.destroy();
			}
		}
	}

	@Test
	void checkWithOtherClientShouldUseBlockingPing() throws Exception {
		RedisConnectionFactory factory = mock(RedisConnectionFactory.class);
		RedisConnection connection = mock(RedisConnection.class);
		given(factory.getConnection()).willReturn(connection);
		given(connection.ping()).willReturn("PONG");
		RedisDatastoreProbe probe = new RedisDatastoreProbe(factory, "pw");
		probe.check(TIMEOUT);
		assertThat(probe.pool()).isNull();
		assertThat(probe.secrets()).containsExactly("pw");
	}

	private static LettuceConnectionFactory start(int port) {
		LettuceConnectionFactory factory = new LettuceConnectionFactory("127.0.0.1", port);
		factory.afterPropertiesSet();
		factory.start();
		return factory;
	}

	@Test
	void passwordShouldBeThatOfTheStandaloneConfiguration() {
		RedisStandaloneConfiguration configuration = new RedisStandaloneConfiguration("127.0.0.1", 1);
		assertThat(RedisDatastoreProbe.password(new LettuceConnectionFactory(configuration))).isNull();
		configuration.setPassword("hunter4");
		LettuceConnectionFactory connectionFactory = new LettuceConnectionFactory(configuration);
		assertThat(RedisDatastoreProbe.password(connectionFactory)).isEqualTo("hunter4");
		RedisDatastoreProbe probe = new RedisDatastoreProbe(connectionFactory,
				RedisDatastoreProbe.password(connectionFactory), "sessionRedisConnectionFactory");
		assertThat(probe.datastore()).isEqualTo("sessionRedisConnectionFactory");
		assertThat(probe.secrets()).containsExactly("hunter4");
	}

}
