package io.github.resilientdb.test.server;

import io.github.resilientdb.test.proxy.FaultProxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisException;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * {@link PrivateRedis} answers a real Lettuce client, directly and through a {@link FaultProxy},
 * enforces its password, replicates to a read-only replica, and goes away when closed.
 */
class PrivateRedisTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(5);

	private static RedisClient client;

	@BeforeAll
	static void createClient() {
		client = RedisClient.create();
	}

	@AfterAll
	static void shutDownClient() {
		client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
	}

	@Test
	void sharedServerAnswersPing() {
		PrivateRedis redis = PrivateRedis.shared();

		assertThat(redis.uri()).isEqualTo("redis://127.0.0.1:" + redis.port());
		assertThat(redis.password()).isEmpty();
		assertThat(PrivateRedis.shared()).isSameAs(redis);
		try (StatefulRedisConnection<String, String> connection = client.connect(RedisURI.create(redis.uri()))) {
			assertThat(connection.sync().ping()).isEqualTo("PONG");
		}
	}

	@Test
	void answersThroughAFaultProxy() {
		try (FaultProxy proxy = FaultProxy.to("127.0.0.1", PrivateRedis.shared().port());
				StatefulRedisConnection<String, String> connection = client
					.connect(RedisURI.create("redis://127.0.0.1:" + proxy.port()))) {
			assertThat(connection.sync().ping()).isEqualTo("PONG");
		}
	}

	@Test
	void requirePassRefusesClientsWithoutThePassword() {
		try (PrivateRedis redis = PrivateRedis.builder().requirePass("s3cret").start()) {
			assertThat(redis.password()).contains("s3cret");
			assertThatThrownBy(() -> {
				try (StatefulRedisConnection<String, String> connection = client.connect(
						RedisURI.Builder.redis("127.0.0.1", redis.port()).withTimeout(TIMEOUT).build())) {
					connection.sync().ping();
				}
			}).isInstanceOf(RedisException.class).hasStackTraceContaining("NOAUTH");
			try (StatefulRedisConnection<String, String> connection = client.connect(authenticated(redis))) {
				assertThat(connection.sync().ping()).isEqualTo("PONG");
			}
		}
	}

	@Test
	void replicaSyncsWritesFromItsPrimaryAndRefusesWrites() {
		try (PrivateRedis primary = PrivateRedis.builder().requirePass("s3cret").start();
				PrivateRedis replica = PrivateRedis.builder().replicaOf(primary).start();
				StatefulRedisConnection<String, String> toPrimary = client.connect(authenticated(primary));
				StatefulRedisConnection<String, String> toReplica = client.connect(RedisURI.create(replica.uri()))) {
			assertThat(replica.primary()).containsSame(primary);

			toPrimary.sync().set("greeting", "hello");

			RedisCommands<String, String> replicaCommands = toReplica.sync();
			await().atMost(Duration.ofSeconds(10)).until(() -> "hello".equals(replicaCommands.get("greeting")));
			assertThat(replicaCommands.info("replication")).contains("role:slave", "master_link_status:up");
			assertThatThrownBy(() -> replicaCommands.set("greeting", "bye")).isInstanceOf(RedisException.class)
				.hasMessageContaining("READONLY");
		}
	}

	@Test
	void closeKillsTheServerAndDeletesItsDirectory() {
		PrivateRedis redis = PrivateRedis.start();
		int port = redis.port();
		Path directory = redis.logFile().getParent();
		assertThat(ServerProcess.accepts(port)).isTrue();

		redis.close();

		assertThat(ServerProcess.accepts(port)).isFalse();
		assertThat(Files.exists(directory)).isFalse();
	}

	private static RedisURI authenticated(PrivateRedis redis) {
		return RedisURI.Builder.redis("127.0.0.1", redis.port())
			.withPassword(redis.password().orElseThrow().toCharArray())
			.withTimeout(TIMEOUT)
			.build();
	}

}
