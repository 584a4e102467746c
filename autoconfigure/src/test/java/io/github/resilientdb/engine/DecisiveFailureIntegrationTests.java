package io.github.resilientdb.engine;

import java.net.ConnectException;
import java.net.SocketException;
import java.sql.Connection;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.DatabaseUnavailableException;
import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.StarterAutoConfigurations;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.MongoTestServer;
import io.github.resilientdb.test.server.PrivatePostgres;
import io.github.resilientdb.test.server.PrivateRedis;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * A call that could not reach the server (PostgreSQL, mongo-java-server, Redis) opens the breaker on its own, long
 * before the sliding window's minimum of calls, on the starter's whole auto-configuration against real servers behind
 * the fault proxy; a pool wait on a
 * busy pool in front of a healthy server does not. The health probes are kept from moving the breaker, so that only
 * the calls can have opened it.
 */
class DecisiveFailureIntegrationTests {

	private static final String CALLS_ONLY = "resilientdb.health.move-breaker=false";

	@Test
	void refusedPostgresOpensBreakerBeforeTheWindowCould() {
		try (FaultProxy proxy = FaultProxy.to("127.0.0.1", PrivatePostgres.shared().port())) {
			jdbcRunner(proxy).run((context) -> {
				Reader reader = context.getBean(Reader.class);
				assertThat(reader.one()).isOne();
				proxy.refuseNewConnections();
				proxy.resetLiveConnections();
				CircuitBreaker breaker = breaker(context, "jdbc");
				int calls = 0;
				while (breaker.getState() == CircuitBreaker.State.CLOSED && calls < 10) {
					assertThat(catchThrowable(reader::one)).isNotNull()
						.isNotInstanceOf(DatabaseUnavailableException.class);
					calls++;
				}
				assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
				assertThat(breaker.getMetrics().getNumberOfFailedCalls()).as("failed calls when it opened")
					.isLessThan(breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls());
				assertThatExceptionOfType(DatabaseUnavailableException.class).isThrownBy(reader::one);
			});
		}
	}

	@Test
	void refusedPostgresWhenFirstCalledShouldMakeOneAttemptAndLeaveTheBreakerOpen() {
		try (FaultProxy proxy = FaultProxy.to("127.0.0.1", PrivatePostgres.shared().port())) {
			jdbcRunner(proxy).run((context) -> {
				Reader reader = context.getBean(Reader.class);
				assertThat(reader.one()).isOne();
				awaitFullPool(context);
				proxy.refuseNewConnections();
				// No pooled connection left: the call's first attempt has to open one, and is refused.
				context.getBean(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
				int attempts = reader.attempts();
				Throwable failure = catchThrowable(reader::one);
				assertThat(failure).isInstanceOf(CannotGetJdbcConnectionException.class)
					.hasRootCauseInstanceOf(ConnectException.class);
				assertThat(reader.attempts() - attempts).as("attempts of the first call").isOne();
				assertThat(context.getBean(MeterRegistry.class).get("resilientdb.retries").counter().count()).isZero();
				assertThat(context.getBean(ResilientDbRegistries.class).retries().retry("jdbc").getMetrics()
					.getNumberOfFailedCallsWithoutRetryAttempt()).isOne();
				CircuitBreaker breaker = breaker(context, "jdbc");
				assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
				assertThat(breaker.getMetrics().getNumberOfFailedCalls()).as("one outcome for the call").isOne();
				assertThatExceptionOfType(DatabaseUnavailableException.class).isThrownBy(reader::one);
				assertThat(reader.attempts() - attempts).as("attempts once the breaker is open").isOne();
			});
		}
	}

	@Test
	void connectionResetDuringPostgresHandshakeDoesNotOpenBreaker() {
		try (FaultProxy proxy = FaultProxy.to("127.0.0.1", PrivatePostgres.shared().port())) {
			jdbcRunner(proxy).withPropertyValues("resilientdb.datastores.jdbc.retry.max-retries=0").run((context) -> {
				Reader reader = context.getBean(Reader.class);
				assertThat(reader.one()).isOne();
				awaitFullPool(context);
				// New connections are accepted and then held mid-handshake; the pool has none left.
				proxy.blackhole();
				context.getBean(HikariDataSource.class).getHikariPoolMXBean().softEvictConnections();
				await().atMost(Duration.ofSeconds(10)).until(() -> proxy.liveConnections() > 0);
				// The server had accepted them: resetting them now is a lost connection, not an unreachable server.
				proxy.resetLiveConnections();
				Throwable failure = catchThrowable(reader::one);
				assertThat(failure).isInstanceOf(CannotGetJdbcConnectionException.class)
					.hasStackTraceContaining("The connection attempt failed")
					.hasRootCauseInstanceOf(SocketException.class);
				assertThat(breaker(context, "jdbc").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
				proxy.pass();
				await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> assertThat(reader.one()).isOne());
			});
		}
	}

	@Test
	void busyPoolInFrontOfHealthyPostgresDoesNotOpenBreaker() {
		try (FaultProxy proxy = FaultProxy.to("127.0.0.1", PrivatePostgres.shared().port())) {
			jdbcRunner(proxy)
				.withPropertyValues("spring.datasource.hikari.maximum-pool-size=1",
						"spring.datasource.hikari.connection-timeout=1500",
						"resilientdb.datastores.jdbc.retry.max-retries=0")
				.run((context) -> {
					Reader reader = context.getBean(Reader.class);
					assertThat(reader.one()).isOne();
					try (Connection held = context.getBean(DataSource.class).getConnection()) {
						assertThat(held.isValid(1)).isTrue();
						assertThat(catchThrowable(reader::one)).isNotNull()
							.isNotInstanceOf(DatabaseUnavailableException.class);
					}
					CircuitBreaker breaker = breaker(context, "jdbc");
					assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isOne();
					assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
					assertThat(reader.one()).isOne();
				});
		}
	}

	@Test
	void disconnectedRedisOpensBreakerOnOneCall() {
		try (FaultProxy proxy = FaultProxy.to("127.0.0.1", PrivateRedis.shared().port())) {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
				.withConfiguration(AutoConfigurations.of(StarterAutoConfigurations.all()))
				.withUserConfiguration(RedisBeans.class)
				.withPropertyValues("spring.data.redis.host=127.0.0.1", "spring.data.redis.port=" + proxy.port(),
						CALLS_ONLY)
				.run((context) -> {
					Counter counter = context.getBean(Counter.class);
					assertThat(counter.incr("decisive")).isPositive();
					proxy.refuseNewConnections();
					proxy.resetLiveConnections();
					CircuitBreaker breaker = breaker(context, "redis");
					await().atMost(Duration.ofSeconds(10)).until(() -> {
						catchThrowable(() -> counter.incr("decisive"));
						return breaker.getState() == CircuitBreaker.State.OPEN;
					});
					assertThat(breaker.getMetrics().getNumberOfFailedCalls())
						.isLessThan(breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls());
					assertThatExceptionOfType(DatabaseUnavailableException.class)
						.isThrownBy(() -> counter.incr("decisive"));
					proxy.pass();
				});
		}
	}

	@Test
	void unreachableMongoOpensBreakerBeforeTheWindowCould() {
		try (MongoTestServer server = MongoTestServer.start();
				FaultProxy proxy = FaultProxy.to("127.0.0.1", server.port())) {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class, DataMongoAutoConfiguration.class))
				.withConfiguration(AutoConfigurations.of(StarterAutoConfigurations.all()))
				.withUserConfiguration(MongoBeans.class)
				.withPropertyValues("spring.mongodb.uri=mongodb://127.0.0.1:" + proxy.port()
						+ "/test?serverSelectionTimeoutMS=500&connectTimeoutMS=500&heartbeatFrequencyMS=500", CALLS_ONLY)
				.run((context) -> {
					Pinger pinger = context.getBean(Pinger.class);
					pinger.ping();
					proxy.refuseNewConnections();
					proxy.resetLiveConnections();
					CircuitBreaker breaker = breaker(context, "mongo");
					int calls = 0;
					while (breaker.getState() == CircuitBreaker.State.CLOSED && calls < 10) {
						assertThat(catchThrowable(pinger::ping)).isNotNull()
							.isNotInstanceOf(DatabaseUnavailableException.class);
						calls++;
					}
					assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.OPEN);
					assertThat(breaker.getMetrics().getNumberOfFailedCalls())
						.isLessThan(breaker.getCircuitBreakerConfig().getMinimumNumberOfCalls());
					assertThatExceptionOfType(DatabaseUnavailableException.class).isThrownBy(pinger::ping);
					proxy.pass();
				});
		}
	}

	private static ApplicationContextRunner jdbcRunner(FaultProxy proxy) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class))
			.withConfiguration(AutoConfigurations.of(StarterAutoConfigurations.all()))
			.withUserConfiguration(JdbcBeans.class)
			.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test",
					"spring.datasource.username=" + PrivatePostgres.shared().user(), CALLS_ONLY);
	}

	/**
	 * Waits until the pool has opened all its connections, so that none is still being opened through the proxy
	 * when the test changes the proxy's mode.
	 */
	private static void awaitFullPool(AssertableApplicationContext context) {
		HikariDataSource pool = context.getBean(HikariDataSource.class);
		await().atMost(Duration.ofSeconds(30))
			.until(() -> pool.getHikariPoolMXBean().getTotalConnections() >= pool.getMinimumIdle());
	}

	private static CircuitBreaker breaker(AssertableApplicationContext context, String datastore) {
		assertThat(context).hasNotFailed();
		return context.getBean(ResilientDbRegistries.class).circuitBreakers().circuitBreaker(datastore);
	}

	@Configuration(proxyBeanMethods = false)
	static class JdbcBeans {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		Reader reader(JdbcTemplate jdbcTemplate) {
			return new Reader(jdbcTemplate);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RedisBeans {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		Counter counter(StringRedisTemplate redis) {
			return new Counter(redis);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class MongoBeans {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		Pinger pinger(MongoTemplate mongo) {
			return new Pinger(mongo);
		}

	}

	static class Pinger {

		private final MongoTemplate mongo;

		Pinger(MongoTemplate mongo) {
			this.mongo = mongo;
		}

		@ResilientDb(datastore = "mongo", idempotency = Idempotency.IDEMPOTENT)
		public void ping() {
			this.mongo.executeCommand("{ping: 1}");
		}

	}

	static class Reader {

		private final JdbcTemplate jdbcTemplate;

		private final AtomicInteger attempts = new AtomicInteger();

		Reader(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		@ResilientDb(datastore = "jdbc", idempotency = Idempotency.IDEMPOTENT)
		public Integer one() {
			this.attempts.incrementAndGet();
			return this.jdbcTemplate.queryForObject("select 1", Integer.class);
		}

		int attempts() {
			return this.attempts.get();
		}

	}

	static class Counter {

		private final StringRedisTemplate redis;

		Counter(StringRedisTemplate redis) {
			this.redis = redis;
		}

		@ResilientDb(datastore = "redis", idempotency = Idempotency.IDEMPOTENT)
		public Long incr(String key) {
			return this.redis.opsForValue().increment(key);
		}

	}

}
