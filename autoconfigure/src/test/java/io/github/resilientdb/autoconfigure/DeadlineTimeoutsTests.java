package io.github.resilientdb.autoconfigure;

import java.sql.Connection;
import java.time.Duration;

import com.mongodb.client.MongoClient;
import com.mongodb.client.internal.MongoClientImpl;
import com.mongodb.internal.TimeoutSettings;
import com.zaxxer.hikari.HikariDataSource;
import io.github.resilientdb.engine.DatastorePolicy;
import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.health.autoconfigure.ResilientDbHealthAutoConfiguration;
import io.github.resilientdb.health.autoconfigure.ResilientDbHealthProperties;
import io.github.resilientdb.jdbc.autoconfigure.JdbcPoolAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.health.JdbcProbeAutoConfiguration;
import io.github.resilientdb.mongo.MongoTestServerExtension;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import io.github.resilientdb.mongo.autoconfigure.health.MongoProbeAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisDurabilityAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisPoolAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.health.RedisProbeAutoConfiguration;
import io.github.resilientdb.test.server.PrivatePostgres;
import io.github.resilientdb.test.server.PrivateRedis;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The drivers' timeouts fit each other, the deadline of a call, the breaker's slow-call threshold and the health
 * probe's timeout: derived from the deadline, and read back from the live clients of an application that sets only
 * its servers' URLs, shortens its deadlines, or shortens its clients' timeouts.
 */
class DeadlineTimeoutsTests {

	private static final Duration FIRST_BACKOFF = Duration.ofMillis(50);

	@RegisterExtension
	static final MongoTestServerExtension mongo = new MongoTestServerExtension();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MongoAutoConfiguration.class,
				DataRedisAutoConfiguration.class, JdbcResilientDbAutoConfiguration.class, JdbcPoolAutoConfiguration.class,
				RedisPoolAutoConfiguration.class, RedisDurabilityAutoConfiguration.class,
				MongoResilientDbAutoConfiguration.class, RedisResilientDbAutoConfiguration.class,
				ResilientDbAutoConfiguration.class, ResilientDbHealthAutoConfiguration.class, JdbcProbeAutoConfiguration.class,
					MongoProbeAutoConfiguration.class, RedisProbeAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + PrivatePostgres.shared().jdbcUrl(),
				"spring.datasource.username=" + PrivatePostgres.shared().user(),
				"spring.datasource.hikari.maximum-pool-size=2", "spring.data.redis.url=" + PrivateRedis.shared().uri());

	@ParameterizedTest(name = "deadline {0}")
	@ValueSource(strings = { "5s", "3s", "2s" })
	void derivedTimeoutsFitEachOtherAndTheDeadline(String deadline) {
		DeadlineTimeouts timeouts = DeadlineTimeouts.of(DurationStyle.detectAndParse(deadline));
		assertFit(new Effective(timeouts.deadline(), timeouts.poolWait(), timeouts.validation(),
				wholeSeconds(timeouts.socket()), timeouts.leakDetection(), timeouts.command(),
				timeouts.command().multipliedBy(2), Duration.ofSeconds(2), Duration.ofSeconds(2)));
	}

	@Test
	void defaultsEndTheLongestCallOfAnOutageWithinFiveSeconds() {
		DeadlineTimeouts timeouts = DeadlineTimeouts.of(Duration.ofSeconds(5));
		assertThat(timeouts.deadline()).isLessThanOrEqualTo(Duration.ofSeconds(5));
		assertThat(timeouts.poolWait()).isEqualTo(Duration.ofSeconds(1));
		assertThat(timeouts.socket()).isEqualTo(Duration.ofSeconds(4));
		assertThat(timeouts.leakDetection()).isEqualTo(Duration.ofSeconds(10));
		assertThat(timeouts.command()).isEqualTo(Duration.ofSeconds(2));
	}

	@Test
	void liveClientsOfAnApplicationSettingOnlyUrlsFit() {
		this.runner.withPropertyValues(mongoUri()).run((context) -> {
			Effective live = live(context, "jdbc");
			assertThat(live.deadline()).isEqualTo(Duration.ofSeconds(5));
			assertThat(live.poolWait()).isEqualTo(Duration.ofSeconds(1));
			assertThat(live.socket()).isEqualTo(Duration.ofSeconds(4));
			assertFit(live);
		});
	}

	@Test
	void liveClientsOfAnApplicationShorteningItsDeadlinesFit() {
		this.runner
			.withPropertyValues(mongoUri(), "resilientdb.datastores.jdbc.deadline=2s",
					"resilientdb.datastores.redis.deadline=2s", "resilientdb.datastores.mongo.deadline=2s")
			.run((context) -> {
				Effective live = live(context, "jdbc");
				assertThat(live.deadline()).isEqualTo(Duration.ofSeconds(2));
				assertThat(live.poolWait()).isEqualTo(Duration.ofMillis(500));
				assertThat(live.command()).isEqualTo(Duration.ofMillis(800));
				assertFit(live);
			});
	}

	@Test
	void liveClientsOfAnApplicationWithShortClientTimeoutsStartAndFit() {
		this.runner
			.withPropertyValues(mongoUri(), "spring.datasource.hikari.connection-timeout=500",
					"spring.data.redis.timeout=1s")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				Effective live = live(context, "jdbc");
				assertThat(live.poolWait()).isEqualTo(Duration.ofMillis(500));
				assertThat(live.validation()).isEqualTo(Duration.ofMillis(250));
				assertThat(live.command()).isEqualTo(Duration.ofSeconds(1));
				assertFit(live);
			});
	}

	private static String mongoUri() {
		return "spring.mongodb.uri=mongodb://127.0.0.1:" + mongo.port() + "/test";
	}

	private static Effective live(AssertableApplicationContext context, String datastore) throws Exception {
		assertThat(context).hasNotFailed();
		HikariDataSource dataSource = context.getBean(HikariDataSource.class);
		Duration socket;
		try (Connection connection = dataSource.getConnection()) {
			socket = Duration.ofMillis(connection.getNetworkTimeout());
		}
		Duration redisCommand = context.getBean(LettuceConnectionFactory.class)
			.getClientConfiguration()
			.getCommandTimeout();
		MongoClientImpl mongoClient = (MongoClientImpl) context.getBean(MongoClient.class);
		TimeoutSettings mongoTimeouts = mongoClient.getTimeoutSettings();
		assertThat(mongoTimeouts.getTimeoutMS()).as("MongoDB's timeoutMS stays off: its errors hide what was sent")
			.isNull();
		// One operation and the driver's own retry of it (retryReads, retryWrites).
		Duration mongoOperation = Duration
			.ofMillis(2 * Math.max(mongoTimeouts.getServerSelectionTimeoutMS(), mongoTimeouts.getReadTimeoutMS()));
		ResilientDbRegistries registries = context.getBean(ResilientDbRegistries.class);
		DatastorePolicy policy = context.getBean(MethodPolicies.class).datastores().get(datastore);
		assertThat(policy).isNotNull();
		return new Effective(policy.deadline(),
				Duration.ofMillis(dataSource.getConnectionTimeout()),
				Duration.ofMillis(dataSource.getValidationTimeout()), socket,
				Duration.ofMillis(dataSource.getLeakDetectionThreshold()), redisCommand,
				mongoOperation,
				registries.circuitBreakers()
					.circuitBreaker(datastore)
					.getCircuitBreakerConfig()
					.getSlowCallDurationThreshold(),
				context.getBean(ResilientDbHealthProperties.class).getTimeout());
	}

	private static void assertFit(Effective timeouts) {
		assertThat(timeouts.validation()).as("validation below the pool wait").isLessThan(timeouts.poolWait());
		assertThat(timeouts.poolWait()).as("pool wait below the breaker's slow-call threshold")
			.isLessThan(timeouts.slowCall());
		assertThat(timeouts.probeTimeout()).as("probe timeout at least the pool wait, so lastError is the cause")
			.isGreaterThanOrEqualTo(timeouts.poolWait());
		assertThat(timeouts.leakDetection()).as("leak detection above the socket timeout: no false leaks")
			.isGreaterThan(timeouts.socket());
		assertThat(timeouts.socket()).as("a call to a hung server ends within the deadline")
			.isLessThanOrEqualTo(timeouts.deadline());
		assertThat(timeouts.redisCommand()).as("a Redis command ends within the deadline")
			.isLessThanOrEqualTo(timeouts.deadline());
		assertThat(timeouts.mongoOperation()).as("a MongoDB operation and the driver's retry of it end within the deadline")
			.isLessThanOrEqualTo(timeouts.deadline());
		assertThat(timeouts.poolWait().multipliedBy(2).plus(FIRST_BACKOFF))
			.as("a retry after a failed pool wait fits in the deadline")
			.isLessThanOrEqualTo(timeouts.deadline());
	}

	private static Duration wholeSeconds(Duration duration) {
		return Duration.ofSeconds((duration.toMillis() + 999) / 1000);
	}

	/**
	 * The timeouts in force, as configured or as read from the live clients.
	 */
	private record Effective(Duration deadline, Duration poolWait, Duration validation, Duration socket,
			Duration leakDetection, Duration redisCommand, Duration mongoOperation, Duration slowCall,
			Duration probeTimeout) {

		Duration command() {
			return this.redisCommand;
		}

	}

}
