package io.github.resilientdb.integration;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import com.mongodb.client.MongoClient;
import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcPoolAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisDurabilityAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisPoolAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.MongoTestServer;
import io.github.resilientdb.test.server.PrivatePostgres;
import io.github.resilientdb.test.server.PrivateRedis;
import org.bson.Document;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/**
 * On the starter's defaults (only the servers' URLs set), one idempotent call to a datastore that refuses new
 * connections or stops answering on open ones ends, retries included, within a bound: the drivers' timeouts that
 * follow from the 5 s deadline end each attempt, and no retry starts that cannot finish in time. Real PostgreSQL,
 * Redis and mongo-java-server behind the test bed's fault proxy; the bound asserted is generous (8 s), the figure is
 * printed. Once the proxy passes again, calls succeed again within the breaker's wait (10 s).
 */
class OutageCallBoundIntegrationTests {

	private static final Duration BOUND = Duration.ofSeconds(8);

	private final Map<String, FaultProxy> proxies = new LinkedHashMap<>();

	private MongoTestServer mongo;

	@BeforeEach
	void startProxies() {
		this.mongo = MongoTestServer.start();
		this.proxies.put("jdbc", FaultProxy.to("127.0.0.1", PrivatePostgres.shared().port()));
		this.proxies.put("mongo", FaultProxy.to("127.0.0.1", this.mongo.port()));
		this.proxies.put("redis", FaultProxy.to("127.0.0.1", PrivateRedis.shared().port()));
	}

	@AfterEach
	void stopProxies() {
		this.proxies.values().forEach(FaultProxy::close);
		this.mongo.close();
	}

	@ParameterizedTest(name = "{0} {1}")
	@CsvSource({ "jdbc, refused", "jdbc, hung", "redis, refused", "redis, hung", "mongo, refused", "mongo, hung" })
	void callOnDefaultsEndsWithinTheBound(String store, String fault) {
		runner().run((context) -> {
			assertThat(context).hasNotFailed();
			Calls calls = context.getBean(Calls.class);
			Function<Calls, Object> call = switch (store) {
				case "jdbc" -> Calls::jdbc;
				case "redis" -> Calls::redis;
				default -> Calls::mongo;
			};
			call.apply(calls);
			FaultProxy proxy = this.proxies.get(store);
			if (fault.equals("refused")) {
				proxy.refuseNewConnections();
				proxy.resetLiveConnections();
			}
			else {
				proxy.blackhole();
			}
			long start = System.nanoTime();
			Throwable failure = catchThrowable(() -> call.apply(calls));
			Duration took = Duration.ofNanos(System.nanoTime() - start);
			assertThat(failure).as("the call fails").isNotNull();
			assertThat(took).as("%s %s: one call, retries included", store, fault).isLessThan(BOUND);
			System.out.printf("[outage-call-bound] %s %s: the call failed after %d ms (%s)%n", store, fault,
					took.toMillis(), failure.getClass().getSimpleName());
			proxy.pass();
			// No health probes here: the breaker a refused call opened lets a trial call through after its open wait.
			await().atMost(Duration.ofSeconds(20))
				.pollInterval(Duration.ofMillis(100))
				.ignoreExceptions()
				.untilAsserted(() -> assertThat(call.apply(calls)).isNotNull());
		});
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class, MongoAutoConfiguration.class, DataRedisAutoConfiguration.class,
					JdbcResilientDbAutoConfiguration.class, JdbcPoolAutoConfiguration.class,
					MongoResilientDbAutoConfiguration.class, RedisResilientDbAutoConfiguration.class,
					RedisPoolAutoConfiguration.class, RedisDurabilityAutoConfiguration.class,
					ResilientDbAutoConfiguration.class))
			.withUserConfiguration(CallsConfiguration.class)
			.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:" + port("jdbc") + "/test",
					"spring.datasource.username=" + PrivatePostgres.shared().user(),
					"spring.mongodb.uri=mongodb://127.0.0.1:" + port("mongo") + "/test",
					"spring.data.redis.url=redis://127.0.0.1:" + port("redis"));
	}

	private int port(String store) {
		return this.proxies.get(store).port();
	}

	@Configuration(proxyBeanMethods = false)
	static class CallsConfiguration {

		@Bean
		Calls calls(JdbcTemplate jdbc, StringRedisTemplate redis, MongoClient mongo) {
			return new Calls(jdbc, redis, mongo);
		}

	}

	/**
	 * One idempotent read per datastore.
	 */
	static class Calls {

		private final JdbcTemplate jdbc;

		private final StringRedisTemplate redis;

		private final MongoClient mongo;

		Calls(JdbcTemplate jdbc, StringRedisTemplate redis, MongoClient mongo) {
			this.jdbc = jdbc;
			this.redis = redis;
			this.mongo = mongo;
		}

		@ResilientDb(datastore = "jdbc", idempotency = Idempotency.IDEMPOTENT)
		public Object jdbc() {
			return this.jdbc.queryForObject("select 1", Integer.class);
		}

		@ResilientDb(datastore = "redis", idempotency = Idempotency.IDEMPOTENT)
		public Object redis() {
			return String.valueOf(this.redis.opsForValue().get("outage-call-bound"));
		}

		@ResilientDb(datastore = "mongo", idempotency = Idempotency.IDEMPOTENT)
		public Object mongo() {
			return this.mongo.getDatabase("test").getCollection("calls").countDocuments(new Document());
		}

	}

}
