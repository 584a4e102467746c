package io.github.resilientdb.redis.durability;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.github.resilientdb.Durability;
import io.github.resilientdb.DurabilityException;
import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.redis.RedisProbe;
import io.github.resilientdb.redis.autoconfigure.RedisDurabilityAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisPoolAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.PrivateRedis;
import io.lettuce.core.api.StatefulRedisConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.data.redis.core.RedisOperations;
import org.springframework.data.redis.core.SessionCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

/**
 * The durability levels of {@code @ResilientDb} methods writing to a real private primary with a real private replica,
 * both started by the test: what each level waits for, counted on the server, and what happens when it cannot be
 * reached.
 */
class RedisDurabilityIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RedisPoolAutoConfiguration.class,
				RedisDurabilityAutoConfiguration.class, RedisResilientDbAutoConfiguration.class,
				ResilientDbAutoConfiguration.class))
		.withUserConfiguration(AccountsConfiguration.class)
		.withPropertyValues("spring.data.redis.host=127.0.0.1");

	/**
	 * CRITICAL ({@code WAIT 1 1000}): acknowledged by the replica while it runs; once it is stopped, the next call
	 * raises a {@link DurabilityException} after the timeout, with 0 of 1 acknowledgements, and the write is still on
	 * the primary. Meanwhile the application's other commands are not held up by the waiting {@code WAIT}.
	 */
	@ParameterizedTest(name = "pooled={0}")
	@ValueSource(booleans = { false, true })
	void criticalIsAcknowledgedByTheReplicaThenFailsOnceTheReplicaIsStopped(boolean pooled) throws Exception {
		try (PrivateRedis primary = PrivateRedis.start();
				PrivateRedis replica = PrivateRedis.builder().replicaOf(primary).start();
				RedisProbe primaryProbe = RedisProbe.on(primary);
				RedisProbe replicaProbe = RedisProbe.on(replica)) {
			primaryProbe.awaitOnlineReplicas(1);
			this.runner.withPropertyValues("spring.data.redis.port=" + primary.port(),
					"resilientdb.redis.pool.enabled=" + pooled).run((context) -> {
				Accounts accounts = context.getBean(Accounts.class);
				primaryProbe.resetStats();
				long begin = System.nanoTime();
				assertThat(accounts.critical("balance", 10)).isEqualTo(10);
				Duration acknowledged = Duration.ofNanos(System.nanoTime() - begin);
				assertThat(primaryProbe.received("wait")).isOne();
				assertThat(primaryProbe.received("publish")).as("the marker").isOne();
				assertThat(replicaProbe.commands().get("balance")).as("on the replica when the call returns")
					.isEqualTo("10");
				System.out.printf("CRITICAL (pooled=%s): first call acknowledged by the replica in %d ms; "
						+ "median over 50: CRITICAL %s, DEFAULT %s%n", pooled, acknowledged.toMillis(),
						median(() -> accounts.critical("balance", 0)), median(() -> accounts.plain("balance", 0)));

				replica.close();
				primaryProbe.await("replica gone", () -> primaryProbe.onlineReplicas() == 0);
				primaryProbe.resetStats();
				begin = System.nanoTime();
				CompletableFuture<DurabilityException> call = CompletableFuture
					.supplyAsync(() -> catchThrowableOfType(DurabilityException.class,
							() -> accounts.critical("balance", 5)));
				primaryProbe.await("WAIT blocked", () -> primaryProbe.commands().info("clients")
					.contains("blocked_clients:1"));
				long getBegin = System.nanoTime();
				assertThat(context.getBean(StringRedisTemplate.class).opsForValue().get("balance")).isEqualTo("15");
				Duration otherCommand = Duration.ofNanos(System.nanoTime() - getBegin);
				DurabilityException failure = call.get(10, TimeUnit.SECONDS);
				Duration failed = Duration.ofNanos(System.nanoTime() - begin);
				System.out.printf("CRITICAL (pooled=%s) without replica: failed after %d ms, a GET meanwhile took "
						+ "%d us; %s%n", pooled, failed.toMillis(), otherCommand.toNanos() / 1000,
						failure.getMessage());
				assertThat(failure).isNotNull();
				assertThat(failure.getAcknowledgements()).isZero();
				assertThat(failure.getRequiredAcknowledgements()).isOne();
				assertThat(failure.getDurability()).isEqualTo(Durability.CRITICAL);
				assertThat(failure.getDatastore()).isEqualTo("redis");
				assertThat(failure).hasMessageContaining("reached 0 of the 1 replicas required within 1000ms (WAIT)")
					.hasMessageContaining("not undone");
				assertThat(failed).isBetween(Duration.ofMillis(1000), Duration.ofMillis(1900));
				assertThat(otherCommand).as("the shared connection is not blocked by WAIT")
					.isLessThan(Duration.ofMillis(200));
				assertThat(primaryProbe.commands().get("balance")).as("still applied on the primary").isEqualTo("15");
				assertThat(primaryProbe.received("incrby")).as("not retried").isOne();
				assertThat(context.getBean(ErrorClassification.class).classify(failure))
					.as("never repeated, and a missing replica does not open the breaker that guards reads too")
					.isEqualTo(ErrorCategory.NOT_A_DATABASE_ERROR);
			});
		}
	}

	/**
	 * A replica that is connected but lags (its link black-holed) has acknowledged older writes only. From Redis 7.2
	 * on, {@code WAIT} on a connection that wrote nothing itself counts it anyway (before 7.2, any command moved the
	 * connection's offset). The verifier's marker makes the connection it waits on cover every completed write on
	 * every version, so a CRITICAL method that wrote through a dedicated {@code MULTI} connection, or through the
	 * shared one, is not reported durable.
	 */
	@Test
	void markerMakesWaitCoverWritesMadeOnOtherConnections() throws Exception {
		try (PrivateRedis primary = PrivateRedis.start();
				PrivateRedis replica = PrivateRedis.builder().replicaOf(primary).start();
				FaultProxy link = FaultProxy.to("127.0.0.1", primary.port());
				RedisProbe primaryProbe = RedisProbe.on(primary);
				RedisProbe replicaProbe = RedisProbe.on(replica)) {
			primaryProbe.awaitOnlineReplicas(1);
			replicaProbe.commands().replicaof("127.0.0.1", link.port());
			replicaProbe.await("replica linked through the proxy",
					() -> replicaProbe.commands().info("replication").contains("master_port:" + link.port())
							&& replicaProbe.commands().info("replication").contains("master_link_status:up"));
			primaryProbe.awaitOnlineReplicas(1);
			this.runner.withPropertyValues("spring.data.redis.port=" + primary.port()).run((context) -> {
				Accounts accounts = context.getBean(Accounts.class);
				assertThat(accounts.critical("balance", 1)).isOne();
				link.blackhole();

				primaryProbe.commands().incr("balance");
				try (StatefulRedisConnection<String, String> fresh = primaryProbe.connect()) {
					// Redis 7.2+ waits for the offset of the connection's own last write; before, of its last command.
					assertThat(fresh.sync().waitForReplication(1, 200)).as("WAIT without a write of its own")
						.isEqualTo(RedisDurabilityVerifier.supportsWaitAof(version(primaryProbe)) ? 1 : 0);
					fresh.sync().publish(RedisDurabilityVerifier.MARKER_CHANNEL, "test");
					assertThat(fresh.sync().waitForReplication(1, 200)).as("WAIT after the marker").isZero();
				}

				DurabilityException transaction = catchThrowableOfType(DurabilityException.class,
						() -> accounts.criticalInTransaction("balance", 1));
				assertThat(transaction).isNotNull();
				assertThat(transaction.getAcknowledgements()).isZero();
				DurabilityException shared = catchThrowableOfType(DurabilityException.class,
						() -> accounts.critical("balance", 1));
				assertThat(shared).isNotNull();
				assertThat(shared.getAcknowledgements()).isZero();

				link.pass();
				assertThat(accounts.critical("balance", 1)).isEqualTo(5);
				assertThat(replicaProbe.commands().get("balance")).isEqualTo("5");
			});
		}
	}

	/**
	 * IMPORTANT by default waits for the primary's append-only file fsync ({@code WAITAOF 1 0 1000}), which Redis
	 * before 7.2 cannot do: every IMPORTANT call fails, saying so, after its write, and nothing is sent that the
	 * server would not understand. Reconfigured to replica acknowledgement, it works.
	 */
	@Test
	void importantNeedsWaitAofAndFailsOnOlderServersUnlessReconfigured() throws Exception {
		try (PrivateRedis primary = PrivateRedis.start();
				PrivateRedis replica = PrivateRedis.builder().replicaOf(primary).start();
				RedisProbe primaryProbe = RedisProbe.on(primary)) {
			primaryProbe.awaitOnlineReplicas(1);
			String version = version(primaryProbe);
			this.runner.withPropertyValues("spring.data.redis.port=" + primary.port()).run((context) -> {
				Accounts accounts = context.getBean(Accounts.class);
				if (RedisDurabilityVerifier.supportsWaitAof(version)) {
					primaryProbe.commands().configSet("appendonly", "yes");
					assertThat(accounts.important("balance", 1)).isOne();
					assertThat(primaryProbe.received("waitaof")).isOne();
					return;
				}
				DurabilityException failure = catchThrowableOfType(DurabilityException.class,
						() -> accounts.important("balance", 1));
				assertThat(failure).isNotNull()
					.hasMessageContaining("WAITAOF needs Redis 7.2 or later and the server reports redis_version "
							+ version)
					.hasMessageContaining("resilientdb.redis.durability.important");
				assertThat(failure.getRequiredAcknowledgements()).isOne();
				assertThat(failure.getAcknowledgements()).isZero();
				assertThat(primaryProbe.commands().get("balance")).as("applied, not undone").isEqualTo("1");
				assertThat(catchThrowableOfType(DurabilityException.class, () -> accounts.important("balance", 1)))
					.as("every call, not only the first").isNotNull();
				assertThat(primaryProbe.received("waitaof")).isZero();
			});
			this.runner
				.withPropertyValues("spring.data.redis.port=" + primary.port(),
						"resilientdb.redis.durability.important.replicas=1",
						"resilientdb.redis.durability.important.local-aof=false")
				.run((context) -> {
					primaryProbe.resetStats();
					assertThat(context.getBean(Accounts.class).important("other", 1)).isOne();
					assertThat(primaryProbe.received("wait")).isOne();
				});
		}
	}

	@Test
	void bulkFireAndForgetAndDefaultWaitForNothing() throws Exception {
		try (PrivateRedis primary = PrivateRedis.start(); RedisProbe primaryProbe = RedisProbe.on(primary)) {
			this.runner.withPropertyValues("spring.data.redis.port=" + primary.port()).run((context) -> {
				Accounts accounts = context.getBean(Accounts.class);
				assertThat(accounts.bulk("balance", 1)).isOne();
				assertThat(accounts.fireAndForget("balance", 1)).isEqualTo(2);
				assertThat(accounts.plain("balance", 1)).isEqualTo(3);
				assertThat(primaryProbe.received("wait")).isZero();
				assertThat(primaryProbe.received("waitaof")).isZero();
				assertThat(primaryProbe.received("publish")).isZero();
			});
		}
	}

	private static String version(RedisProbe probe) {
		return probe.commands().info("server").replaceAll("(?s).*redis_version:([0-9.]+).*", "$1");
	}

	private static String median(Supplier<Object> call) {
		List<Long> micros = new ArrayList<>();
		for (int i = 0; i < 50; i++) {
			long begin = System.nanoTime();
			call.get();
			micros.add((System.nanoTime() - begin) / 1000);
		}
		Collections.sort(micros);
		return micros.get(micros.size() / 2) + " us";
	}

	@Configuration(proxyBeanMethods = false)
	static class AccountsConfiguration {

		@Bean
		Accounts accounts(StringRedisTemplate redis) {
			return new Accounts(redis);
		}

	}

	/**
	 * Redis writes behind {@code @ResilientDb}, one method per durability level.
	 */
	static class Accounts {

		private final StringRedisTemplate redis;

		Accounts(StringRedisTemplate redis) {
			this.redis = redis;
		}

		@ResilientDb(datastore = "redis", durability = Durability.CRITICAL, idempotency = Idempotency.NOT_IDEMPOTENT)
		public Long critical(String key, long amount) {
			return this.redis.opsForValue().increment(key, amount);
		}

		@ResilientDb(datastore = "redis", durability = Durability.CRITICAL, idempotency = Idempotency.NOT_IDEMPOTENT)
		public List<Object> criticalInTransaction(String key, long amount) {
			return this.redis.execute(new SessionCallback<>() {

				@Override
				@SuppressWarnings("unchecked")
				public <K, V> List<Object> execute(RedisOperations<K, V> operations) throws DataAccessException {
					RedisOperations<String, String> redis = (RedisOperations<String, String>) operations;
					redis.multi();
					redis.opsForValue().increment(key, amount);
					return redis.exec();
				}

			});
		}

		@ResilientDb(datastore = "redis", durability = Durability.IMPORTANT, idempotency = Idempotency.NOT_IDEMPOTENT)
		public Long important(String key, long amount) {
			return this.redis.opsForValue().increment(key, amount);
		}

		@ResilientDb(datastore = "redis", durability = Durability.BULK, idempotency = Idempotency.NOT_IDEMPOTENT)
		public Long bulk(String key, long amount) {
			return this.redis.opsForValue().increment(key, amount);
		}

		@ResilientDb(datastore = "redis", durability = Durability.FIRE_AND_FORGET,
				idempotency = Idempotency.NOT_IDEMPOTENT)
		public Long fireAndForget(String key, long amount) {
			return this.redis.opsForValue().increment(key, amount);
		}

		@ResilientDb(datastore = "redis", idempotency = Idempotency.NOT_IDEMPOTENT)
		public Long plain(String key, long amount) {
			return this.redis.opsForValue().increment(key, amount);
		}

	}

}
