package io.github.resilientdb.redis.send;

import java.lang.reflect.Proxy;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;

import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.engine.SendTracker;
import io.github.resilientdb.engine.SendTrackerMarks;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import io.github.resilientdb.test.server.PrivateRedis;
import io.lettuce.core.ReadFrom;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.connection.RedisClusterConfiguration;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which Redis connection factories the listener reaches, read back from live factories and their commands on a
 * private Redis server: every Lettuce factory of a standalone server, primary or not, eagerly initialized or not; any
 * other factory turns tracking off.
 */
class SendTrackingConnectionFactoryPostProcessorTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(RedisResilientDbAutoConfiguration.class));

	@Test
	void everyLettuceFactoryShouldBeHookedPrimaryOrNot() {
		this.runner.withUserConfiguration(TwoFactories.class).run((context) -> {
			assertThat(tracker(context).isTracked()).isTrue();
			for (LettuceConnectionFactory factory : context.getBeansOfType(LettuceConnectionFactory.class).values()) {
				assertCommandCounts(context, factory);
			}
		});
	}

	@Test
	void eagerlyInitializedFactoryShouldReopenItsSharedConnectionWithTheListener() {
		this.runner.withBean(LettuceConnectionFactory.class, () -> {
			LettuceConnectionFactory factory = standalone();
			factory.setEagerInitialization(true);
			return factory;
		}).run((context) -> {
			assertThat(tracker(context).isTracked()).isTrue();
			assertCommandCounts(context, context.getBean(LettuceConnectionFactory.class));
		});
	}

	@Test
	void clusterFactoryShouldTurnTrackingOff() {
		untracked(() -> new LettuceConnectionFactory(
				new RedisClusterConfiguration(List.of("127.0.0.1:" + PrivateRedis.shared().port()))));
	}

	@Test
	void masterReplicaFactoryShouldTurnTrackingOff() {
		untracked(() -> new LettuceConnectionFactory(standaloneConfiguration(),
				LettuceClientConfiguration.builder().readFrom(ReadFrom.REPLICA_PREFERRED).build()));
	}

	@Test
	void factoryNotStartedWhenInitializedShouldTurnTrackingOff() {
		untracked(() -> {
			LettuceConnectionFactory factory = standalone();
			factory.setEarlyStartup(false);
			return factory;
		});
	}

	@Test
	void factoryOtherThanLettuceShouldTurnTrackingOff() {
		untracked(() -> (RedisConnectionFactory) Proxy.newProxyInstance(getClass().getClassLoader(),
				new Class<?>[] { RedisConnectionFactory.class },
				(proxy, method, arguments) -> switch (method.getName()) {
					case "hashCode" -> System.identityHashCode(proxy);
					case "equals" -> proxy == arguments[0];
					case "toString" -> "a RedisConnectionFactory of the application's own";
					default -> throw new UnsupportedOperationException(method.getName());
				}));
	}

	@Test
	void trackingDisabledByPropertyShouldLeaveTheDatastoreUntracked() {
		this.runner.withBean(LettuceConnectionFactory.class, SendTrackingConnectionFactoryPostProcessorTests::standalone)
			.withPropertyValues("resilientdb.redis.send-tracking.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(SendTrackingConnectionFactoryPostProcessor.class);
				assertThat(context.getBean("redisDatastoreType", DatastoreType.class).sendTracker()).isNull();
			});
	}

	private void untracked(Supplier<RedisConnectionFactory> factory) {
		this.runner.withBean("redisConnectionFactory", RedisConnectionFactory.class, factory)
			.run((context) -> assertThat(tracker(context).isTracked()).isFalse());
	}

	private static void assertCommandCounts(AssertableApplicationContext context, LettuceConnectionFactory factory) {
		SendTracker tracker = tracker(context);
		long mark = SendTrackerMarks.mark(tracker);
		withConnection(factory, (connection) -> connection.ping());
		assertThat(SendTrackerMarks.sentNothingSince(tracker, mark)).isFalse();
	}

	private static void withConnection(LettuceConnectionFactory factory, Consumer<RedisConnection> action) {
		try (RedisConnection connection = factory.getConnection()) {
			action.accept(connection);
		}
	}

	private static SendTracker tracker(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean("redisDatastoreType", DatastoreType.class).sendTracker();
	}

	static LettuceConnectionFactory standalone() {
		return new LettuceConnectionFactory(standaloneConfiguration());
	}

	private static RedisStandaloneConfiguration standaloneConfiguration() {
		return new RedisStandaloneConfiguration("127.0.0.1", PrivateRedis.shared().port());
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoFactories {

		@Bean
		@Primary
		LettuceConnectionFactory redisConnectionFactory() {
			return standalone();
		}

		@Bean
		LettuceConnectionFactory sessionsConnectionFactory() {
			return standalone();
		}

	}

}
