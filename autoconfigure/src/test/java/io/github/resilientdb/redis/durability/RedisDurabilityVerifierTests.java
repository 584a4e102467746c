package io.github.resilientdb.redis.durability;

import java.time.Duration;

import io.github.resilientdb.Durability;
import io.github.resilientdb.DurabilityException;
import io.github.resilientdb.test.server.PrivateRedis;
import org.junit.jupiter.api.Test;

import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.redis.RedisConnectionFailureException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisConnectionUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class RedisDurabilityVerifierTests {

	private static final RedisDurabilityLevel CRITICAL = new RedisDurabilityLevel(1, false, 0, Duration.ofSeconds(1));

	private static final RedisDurabilityLevel IMPORTANT = new RedisDurabilityLevel(0, true, 0, Duration.ofSeconds(1));

	@Test
	void waitAofIsSupportedFromRedis72() {
		assertThat(RedisDurabilityVerifier.supportsWaitAof("6.2.14")).isFalse();
		assertThat(RedisDurabilityVerifier.supportsWaitAof("7.0.15")).isFalse();
		assertThat(RedisDurabilityVerifier.supportsWaitAof("7.2.0")).isTrue();
		assertThat(RedisDurabilityVerifier.supportsWaitAof("7.2.4")).isTrue();
		assertThat(RedisDurabilityVerifier.supportsWaitAof("8.0.2")).isTrue();
		assertThat(RedisDurabilityVerifier.supportsWaitAof("unknown")).isFalse();
	}

	@Test
	void levelDescribesItsCommandsAndLongestWait() {
		assertThat(CRITICAL).hasToString("WAIT 1 1000");
		assertThat(CRITICAL.maximumWait()).isEqualTo(Duration.ofSeconds(1));
		assertThat(IMPORTANT).hasToString("WAITAOF 1 0 1000");
		RedisDurabilityLevel both = new RedisDurabilityLevel(2, true, 1, Duration.ofMillis(300));
		assertThat(both).hasToString("WAIT 2 300, then WAITAOF 1 1 300");
		assertThat(both.maximumWait()).isEqualTo(Duration.ofMillis(600));
	}

	@Test
	void levelsWithoutWaitsTouchNoConnection() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory("127.0.0.1", 1);
		RedisDurabilityVerifier verifier = new RedisDurabilityVerifier(factory, CRITICAL, IMPORTANT);
		verifier.verify("redis", Durability.BULK);
		verifier.verify("redis", Durability.FIRE_AND_FORGET);
		verifier.verify("redis", Durability.DEFAULT);
		assertThat(factory.isRunning()).isFalse();
	}

	@Test
	void checkThatCannotReachTheServerFailsWithTheCause() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory("127.0.0.1", 1);
		factory.afterPropertiesSet();
		factory.start();
		try {
			assertThatExceptionOfType(DurabilityException.class)
				.isThrownBy(() -> new RedisDurabilityVerifier(factory, CRITICAL, IMPORTANT).verify("cache",
						Durability.CRITICAL))
				.withMessageStartingWith("The CRITICAL writes to Redis datastore 'cache' could not be verified "
						+ "(WAIT 1 1000): ")
				.withMessageContaining("Connection refused")
				.withMessageEndingWith("They are applied on the primary and not undone.")
				.withCauseInstanceOf(RedisConnectionFailureException.class)
				.satisfies((failure) -> {
					assertThat(failure.getAcknowledgements()).isZero();
					assertThat(failure.getRequiredAcknowledgements()).isOne();
				});
		}
		finally {
			factory.destroy();
		}
	}

	@Test
	void verificationInsideAnOpenRedisTransactionIsRefused() {
		LettuceConnectionFactory factory = new LettuceConnectionFactory("127.0.0.1", PrivateRedis.shared().port());
		factory.afterPropertiesSet();
		factory.start();
		TransactionSynchronizationManager.initSynchronization();
		TransactionSynchronizationManager.setActualTransactionActive(true);
		try {
			RedisConnection connection = RedisConnectionUtils.bindConnection(factory, true);
			assertThat(connection.isQueueing()).as("MULTI opened by Spring's transaction support").isTrue();
			assertThatExceptionOfType(InvalidDataAccessApiUsageException.class)
				.isThrownBy(() -> new RedisDurabilityVerifier(factory, CRITICAL, IMPORTANT).verify("redis",
						Durability.CRITICAL))
				.withMessageContaining("inside an open Redis transaction (MULTI)");
			connection.discard();
			RedisConnectionUtils.unbindConnection(factory);
		}
		finally {
			TransactionSynchronizationManager.clear();
			factory.destroy();
		}
	}

}
