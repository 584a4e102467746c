package io.github.resilientdb.integration;

import java.time.Duration;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.DatabaseUnavailableException;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.health.DatastoreCheck;
import io.github.resilientdb.health.DatastoreHealthMonitor;
import io.github.resilientdb.health.DatastoreStatus;
import io.github.resilientdb.health.autoconfigure.ResilientDbHealthAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.health.JdbcProbeAutoConfiguration;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import io.github.resilientdb.mongo.autoconfigure.health.MongoProbeAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.health.RedisProbeAutoConfiguration;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.MongoTestServer;
import io.github.resilientdb.test.server.PrivateRedis;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Two {@link MongoClient}s (two mongo-java-servers over TCP) and two Redis connection factories (the private Redis
 * server, directly and through a fault proxy) are four datastores: {@code mongo} and {@code analyticsMongoClient},
 * {@code redis} and {@code sessionRedisConnectionFactory}. Breaking the second client of a kind opens only its
 * breaker and marks only its datastore DOWN, while calls to the first keep succeeding.
 */
class SeveralMongoAndRedisClientsIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final MongoTestServer mainMongo = MongoTestServer.start();

	private final MongoTestServer analyticsMongo = MongoTestServer.start();

	private final FaultProxy analyticsProxy = FaultProxy.to("127.0.0.1", this.analyticsMongo.port());

	private final FaultProxy sessionProxy = FaultProxy.to("127.0.0.1", PrivateRedis.shared().port());

	@AfterEach
	void close() {
		this.analyticsProxy.close();
		this.sessionProxy.close();
		this.mainMongo.close();
		this.analyticsMongo.close();
	}

	@Test
	void breakingTheSecondMongoClientOpensOnlyItsBreakerAndMarksOnlyItsDatastoreDown() {
		runner().run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(MethodPolicies.class).datastores().names()).containsExactlyInAnyOrder("mongo",
					"analyticsMongoClient", "redis", "sessionRedisConnectionFactory");
			Calls calls = context.getBean(Calls.class);
			assertThat(calls.mainMongo()).isTrue();
			assertThat(calls.analyticsMongo()).isTrue();
			awaitStatus(context, "analyticsMongoClient", DatastoreStatus.UP);

			this.analyticsProxy.refuseNewConnections();
			this.analyticsProxy.resetLiveConnections();
			awaitOpen(context, "analyticsMongoClient", calls::analyticsMongo);
			assertThatExceptionOfType(DatabaseUnavailableException.class).isThrownBy(calls::analyticsMongo);
			for (int call = 0; call < 5; call++) {
				assertThat(calls.mainMongo()).isTrue();
			}
			assertThat(breaker(context, "mongo").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			awaitStatus(context, "analyticsMongoClient", DatastoreStatus.DOWN);
			assertThat(check(context, "mongo").status()).isEqualTo(DatastoreStatus.UP);
		});
	}

	@Test
	void breakingTheSecondRedisConnectionFactoryOpensOnlyItsBreakerAndMarksOnlyItsDatastoreDown() {
		runner().run((context) -> {
			assertThat(context).hasNotFailed();
			Calls calls = context.getBean(Calls.class);
			assertThat(calls.mainRedis()).isTrue();
			assertThat(calls.sessionRedis()).isTrue();
			awaitStatus(context, "sessionRedisConnectionFactory", DatastoreStatus.UP);

			this.sessionProxy.refuseNewConnections();
			this.sessionProxy.resetLiveConnections();
			awaitOpen(context, "sessionRedisConnectionFactory", calls::sessionRedis);
			assertThatExceptionOfType(DatabaseUnavailableException.class).isThrownBy(calls::sessionRedis);
			for (int call = 0; call < 5; call++) {
				assertThat(calls.mainRedis()).isTrue();
			}
			assertThat(breaker(context, "redis").getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			awaitStatus(context, "sessionRedisConnectionFactory", DatastoreStatus.DOWN);
			assertThat(check(context, "redis").status()).isEqualTo(DatastoreStatus.UP);
		});
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MongoResilientDbAutoConfiguration.class,
					RedisResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class,
					ResilientDbHealthAutoConfiguration.class, JdbcProbeAutoConfiguration.class,
					MongoProbeAutoConfiguration.class, RedisProbeAutoConfiguration.class))
			.withUserConfiguration(TwoClientsOfEachKind.class)
			.withPropertyValues("test.mongo.main=" + this.mainMongo.port(),
					"test.mongo.analytics=" + this.analyticsProxy.port(),
					"test.redis.main=" + PrivateRedis.shared().port(), "test.redis.session=" + this.sessionProxy.port(),
					"resilientdb.datastores.analyticsMongoClient.retry.max-retries=0",
					"resilientdb.datastores.analyticsMongoClient.circuit-breaker.minimum-number-of-calls=2",
					"resilientdb.datastores.sessionRedisConnectionFactory.retry.max-retries=0",
					"resilientdb.datastores.sessionRedisConnectionFactory.circuit-breaker.minimum-number-of-calls=2",
					"resilientdb.health.interval=200ms", "resilientdb.health.unhealthy-interval=200ms",
					"resilientdb.health.timeout=2s", "resilientdb.health.latency-threshold=3s");
	}

	private static void awaitOpen(ApplicationContext context, String datastore, Runnable call) {
		CircuitBreaker breaker = breaker(context, datastore);
		await().atMost(WAIT).until(() -> {
			try {
				call.run();
			}
			catch (RuntimeException ex) {
				// Failures are what opens the breaker.
			}
			return breaker.getState() == CircuitBreaker.State.OPEN;
		});
	}

	private static CircuitBreaker breaker(ApplicationContext context, String datastore) {
		return context.getBean(ResilientDbRegistries.class).circuitBreakers().circuitBreaker(datastore);
	}

	private static void awaitStatus(ApplicationContext context, String datastore, DatastoreStatus status) {
		await().atMost(WAIT)
			.pollInterval(Duration.ofMillis(20))
			.until(() -> check(context, datastore) != null && check(context, datastore).status() == status);
	}

	private static DatastoreCheck check(ApplicationContext context, String datastore) {
		return context.getBean(DatastoreHealthMonitor.class).latest(datastore);
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoClientsOfEachKind {

		@Bean(destroyMethod = "close")
		@Primary
		MongoClient mainMongoClient(Environment environment) {
			return mongo(environment.getRequiredProperty("test.mongo.main"));
		}

		@Bean(destroyMethod = "close")
		MongoClient analyticsMongoClient(Environment environment) {
			return mongo(environment.getRequiredProperty("test.mongo.analytics"));
		}

		@Bean
		@Primary
		LettuceConnectionFactory mainRedisConnectionFactory(Environment environment) {
			return redis(environment.getRequiredProperty("test.redis.main", Integer.class));
		}

		@Bean
		LettuceConnectionFactory sessionRedisConnectionFactory(Environment environment) {
			return redis(environment.getRequiredProperty("test.redis.session", Integer.class));
		}

		@Bean
		Calls calls(MongoClient mainMongoClient, @Qualifier("analyticsMongoClient") MongoClient analyticsMongoClient,
				RedisConnectionFactory mainRedisConnectionFactory,
				@Qualifier("sessionRedisConnectionFactory") RedisConnectionFactory sessionRedisConnectionFactory) {
			return new Calls(mainMongoClient, analyticsMongoClient, mainRedisConnectionFactory,
					sessionRedisConnectionFactory);
		}

		private static MongoClient mongo(String port) {
			return MongoClients.create("mongodb://127.0.0.1:" + port
					+ "/?serverSelectionTimeoutMS=1000&connectTimeoutMS=1000&socketTimeoutMS=1000");
		}

		private static LettuceConnectionFactory redis(int port) {
			return new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", port),
					LettuceClientConfiguration.builder().commandTimeout(Duration.ofSeconds(1)).build());
		}

	}

	/**
	 * One method per datastore, each naming its own.
	 */
	static class Calls {

		private static final Document PING = new Document("ping", 1);

		private final MongoClient mainMongo;

		private final MongoClient analyticsMongo;

		private final RedisConnectionFactory mainRedis;

		private final RedisConnectionFactory sessionRedis;

		Calls(MongoClient mainMongo, MongoClient analyticsMongo, RedisConnectionFactory mainRedis,
				RedisConnectionFactory sessionRedis) {
			this.mainMongo = mainMongo;
			this.analyticsMongo = analyticsMongo;
			this.mainRedis = mainRedis;
			this.sessionRedis = sessionRedis;
		}

		@ResilientDb(datastore = "mongo")
		public boolean mainMongo() {
			return this.mainMongo.getDatabase("test").runCommand(PING).containsKey("ok");
		}

		@ResilientDb(datastore = "analyticsMongoClient")
		public boolean analyticsMongo() {
			return this.analyticsMongo.getDatabase("test").runCommand(PING).containsKey("ok");
		}

		@ResilientDb(datastore = "redis")
		public boolean mainRedis() {
			return ping(this.mainRedis);
		}

		@ResilientDb(datastore = "sessionRedisConnectionFactory")
		public boolean sessionRedis() {
			return ping(this.sessionRedis);
		}

		private static boolean ping(RedisConnectionFactory connectionFactory) {
			try (RedisConnection connection = connectionFactory.getConnection()) {
				return "PONG".equals(connection.ping());
			}
		}

	}

}
