package io.github.resilientdb.redis.pool;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;

import io.github.resilientdb.redis.autoconfigure.RedisPoolAutoConfiguration;
import io.github.resilientdb.test.server.PrivateRedis;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.SocketOptions;
import io.lettuce.core.SocketOptions.KeepAliveOptions;
import io.lettuce.core.api.StatefulConnection;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientConfigurationBuilderCustomizer;
import org.springframework.boot.data.redis.autoconfigure.LettuceClientOptionsBuilderCustomizer;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration.LettucePoolingClientConfigurationBuilder;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Which value wins for every Redis client and pool setting, read back from the live client of a Boot application
 * connected to a real server: the running connection's timeout and options, the kernel's view of its socket, the
 * server's CLIENT GETNAME and the live commons-pool2 pool. Four layers, each with its own values: resilient-db's
 * defaults, {@code resilientdb.redis.pool.*}, Spring Boot's {@code spring.data.redis.*} (wins over resilient-db), and
 * the application's own customizer beans (win over everything).
 */
class LettuceClientDefaultsPrecedenceTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RedisPoolAutoConfiguration.class))
		.withPropertyValues("spring.data.redis.host=127.0.0.1",
				"spring.data.redis.port=" + PrivateRedis.shared().port(), "spring.application.name=orders service");

	private static final String[] RESILIENTDB = { "resilientdb.redis.pool.enabled=true",
			"resilientdb.redis.pool.command-timeout=3s", "resilientdb.redis.pool.connect-timeout=3s",
			"resilientdb.redis.pool.client-name=resilientdb-name", "resilientdb.redis.pool.keepalive.idle=11s",
			"resilientdb.redis.pool.keepalive.interval=6s", "resilientdb.redis.pool.keepalive.count=4",
			"resilientdb.redis.pool.auto-reconnect=false", "resilientdb.redis.pool.disconnected-behavior=DEFAULT",
			"resilientdb.redis.pool.request-queue-size=2000", "resilientdb.redis.pool.max-active=31",
			"resilientdb.redis.pool.max-idle=21", "resilientdb.redis.pool.min-idle=3",
			"resilientdb.redis.pool.max-wait=2s", "resilientdb.redis.pool.time-between-eviction-runs=31s" };

	private static final String[] SPRING = { "spring.data.redis.timeout=4s", "spring.data.redis.connect-timeout=4s",
			"spring.data.redis.client-name=spring-name", "spring.data.redis.lettuce.pool.max-active=32",
			"spring.data.redis.lettuce.pool.max-idle=22", "spring.data.redis.lettuce.pool.min-idle=2",
			"spring.data.redis.lettuce.pool.max-wait=3s",
			"spring.data.redis.lettuce.pool.time-between-eviction-runs=32s" };

	@Test
	void resilientDbDefaultsApplyWhereNothingIsSet() {
		this.runner.withPropertyValues("resilientdb.redis.pool.enabled=true").run((context) -> {
			Map<String, Object> expected = new LinkedHashMap<>();
			expected.put("pooled", true);
			expected.put("command-timeout", Duration.ofSeconds(2));
			expected.put("connect-timeout", Duration.ofSeconds(1));
			expected.put("client-name", "orders-service");
			expected.put("keepalive", "idle=10s interval=5s count=3");
			expected.put("auto-reconnect", true);
			expected.put("disconnected-behavior", DisconnectedBehavior.REJECT_COMMANDS);
			expected.put("request-queue-size", 1000);
			expected.put("max-active", 30);
			expected.put("max-idle", 30);
			expected.put("min-idle", 5);
			expected.put("max-wait", Duration.ofSeconds(1));
			expected.put("time-between-eviction-runs", Duration.ofSeconds(30));
			assertThat(live(context)).containsExactlyEntriesOf(expected);
		});
	}

	@Test
	void resilientDbPropertiesReplaceItsDefaults() {
		this.runner.withPropertyValues(RESILIENTDB).run((context) -> {
			Map<String, Object> expected = new LinkedHashMap<>();
			expected.put("pooled", true);
			expected.put("command-timeout", Duration.ofSeconds(3));
			expected.put("connect-timeout", Duration.ofSeconds(3));
			expected.put("client-name", "resilientdb-name");
			expected.put("keepalive", "idle=11s interval=6s count=4");
			expected.put("auto-reconnect", false);
			expected.put("disconnected-behavior", DisconnectedBehavior.DEFAULT);
			expected.put("request-queue-size", 2000);
			expected.put("max-active", 31);
			expected.put("max-idle", 21);
			expected.put("min-idle", 3);
			expected.put("max-wait", Duration.ofSeconds(2));
			expected.put("time-between-eviction-runs", Duration.ofSeconds(31));
			assertThat(live(context)).containsExactlyEntriesOf(expected);
		});
	}

	@Test
	void springDataRedisPropertiesWinOverResilientDb() {
		this.runner.withPropertyValues(RESILIENTDB).withPropertyValues(SPRING).run((context) -> {
			Map<String, Object> expected = new LinkedHashMap<>();
			expected.put("pooled", true);
			expected.put("command-timeout", Duration.ofSeconds(4));
			expected.put("connect-timeout", Duration.ofSeconds(4));
			expected.put("client-name", "spring-name");
			expected.put("keepalive", "idle=11s interval=6s count=4");
			expected.put("auto-reconnect", false);
			expected.put("disconnected-behavior", DisconnectedBehavior.DEFAULT);
			expected.put("request-queue-size", 2000);
			expected.put("max-active", 32);
			expected.put("max-idle", 22);
			expected.put("min-idle", 2);
			expected.put("max-wait", Duration.ofSeconds(3));
			expected.put("time-between-eviction-runs", Duration.ofSeconds(32));
			assertThat(live(context)).containsExactlyEntriesOf(expected);
		});
	}

	@Test
	void applicationCustomizersWinOverEverything() {
		this.runner.withPropertyValues(RESILIENTDB)
			.withPropertyValues(SPRING)
			.withUserConfiguration(ApplicationCustomizers.class)
			.run((context) -> {
				Map<String, Object> expected = new LinkedHashMap<>();
				expected.put("pooled", true);
				expected.put("command-timeout", Duration.ofSeconds(5));
				expected.put("connect-timeout", Duration.ofSeconds(5));
				expected.put("client-name", "customizer-name");
				expected.put("keepalive", "idle=12s interval=7s count=5");
				expected.put("auto-reconnect", true);
				expected.put("disconnected-behavior", DisconnectedBehavior.ACCEPT_COMMANDS);
				expected.put("request-queue-size", 3000);
				expected.put("max-active", 33);
				expected.put("max-idle", 23);
				expected.put("min-idle", 1);
				expected.put("max-wait", Duration.ofSeconds(4));
				expected.put("time-between-eviction-runs", Duration.ofSeconds(33));
				assertThat(live(context)).containsExactlyEntriesOf(expected);
			});
	}

	/**
	 * A Spring Boot value equal to the library's default still counts as set: the builders cannot tell, the
	 * environment can.
	 */
	@Test
	void springValuesEqualToLibraryDefaultsStillWin() {
		this.runner.withPropertyValues("resilientdb.redis.pool.enabled=true", "spring.data.redis.timeout=60s",
				"spring.data.redis.connect-timeout=10s", "spring.data.redis.lettuce.pool.max-active=8",
				"spring.data.redis.lettuce.pool.max-wait=-1ms")
			.run((context) -> assertThat(live(context)).containsEntry("command-timeout", Duration.ofSeconds(60))
				.containsEntry("connect-timeout", Duration.ofSeconds(10))
				.containsEntry("max-active", 8)
				.containsEntry("max-wait", Duration.ofMillis(-1)));
	}

	@Test
	void springPoolSwitchWinsOverResilientDbPoolSwitch() {
		this.runner
			.withPropertyValues("resilientdb.redis.pool.enabled=true", "spring.data.redis.lettuce.pool.enabled=false")
			.run((context) -> assertThat(factory(context).getClientConfiguration())
				.isNotInstanceOf(LettucePoolingClientConfiguration.class));
		this.runner
			.withPropertyValues("resilientdb.redis.pool.enabled=false", "spring.data.redis.lettuce.pool.enabled=true")
			.run((context) -> assertThat(factory(context).getClientConfiguration())
				.isInstanceOf(LettucePoolingClientConfiguration.class));
	}

	@Test
	void anySpringPoolPropertyLeavesPoolingToSpringBootWhichPoolsWithCommonsPool2Present() {
		this.runner.withPropertyValues("spring.data.redis.lettuce.pool.max-active=4").run((context) -> {
			assertThat(factory(context).getClientConfiguration()).isInstanceOf(LettucePoolingClientConfiguration.class);
			assertThat(live(context)).containsEntry("max-active", 4)
				.containsEntry("max-idle", 4)
				.containsEntry("min-idle", 4);
		});
	}

	@Test
	void poolingIsOffUnlessTheApplicationAsksForIt() {
		this.runner.run((context) -> {
			assertThat(factory(context).getClientConfiguration())
				.isNotInstanceOf(LettucePoolingClientConfiguration.class);
			assertThat(LiveLettuce.of(factory(context)).commandTimeout()).isEqualTo(Duration.ofSeconds(2));
		});
	}

	@Test
	void relaxedSpringPropertyNamesAreRecognisedAsSet() {
		this.runner
			.withPropertyValues("resilientdb.redis.pool.enabled=true", "spring.data.redis.lettuce.pool.maxActive=7",
					"spring.data.redis.connectTimeout=6s")
			.run((context) -> assertThat(live(context)).containsEntry("connect-timeout", Duration.ofSeconds(6))
				.containsEntry("max-active", 7));
	}

	@Test
	void springMaximumBelowDefaultMinimumIdleMovesTheDefault() {
		this.runner
			.withPropertyValues("resilientdb.redis.pool.enabled=true", "spring.data.redis.lettuce.pool.max-active=2")
			.run((context) -> assertThat(live(context)).containsEntry("max-active", 2)
				.containsEntry("max-idle", 2)
				.containsEntry("min-idle", 2));
	}

	private static LettuceConnectionFactory factory(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean(LettuceConnectionFactory.class);
	}

	private static Map<String, Object> live(AssertableApplicationContext context) {
		LettuceConnectionFactory factory = factory(context);
		LiveLettuce live = LiveLettuce.of(factory);
		ClientOptions options = live.options();
		Map<String, Object> values = new LinkedHashMap<>();
		values.put("pooled", factory.getClientConfiguration() instanceof LettucePoolingClientConfiguration);
		values.put("command-timeout", live.commandTimeout());
		values.put("connect-timeout", options.getSocketOptions().getConnectTimeout());
		values.put("client-name", live.clientName());
		values.put("keepalive", live.socketKeepalive());
		values.put("auto-reconnect", options.isAutoReconnect());
		values.put("disconnected-behavior", options.getDisconnectedBehavior());
		values.put("request-queue-size", options.getRequestQueueSize());
		RedisPoolStats pool = new RedisPoolControl(factory).stats();
		assertThat(pool.pools()).as("live pools").isPositive();
		values.put("max-active", pool.maxActive());
		values.put("max-idle", pool.maxIdle());
		values.put("min-idle", pool.minIdle());
		values.put("max-wait", pool.maxWait());
		values.put("time-between-eviction-runs", pool.timeBetweenEvictionRuns());
		return values;
	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationCustomizers {

		@Bean
		LettuceClientOptionsBuilderCustomizer applicationClientOptions() {
			return (builder) -> builder.autoReconnect(true)
				.disconnectedBehavior(DisconnectedBehavior.ACCEPT_COMMANDS)
				.requestQueueSize(3000)
				.socketOptions(SocketOptions.builder()
					.connectTimeout(Duration.ofSeconds(5))
					.keepAlive(KeepAliveOptions.builder()
						.enable()
						.idle(Duration.ofSeconds(12))
						.interval(Duration.ofSeconds(7))
						.count(5)
						.build())
					.build());
		}

		@Bean
		LettuceClientConfigurationBuilderCustomizer applicationClientConfiguration() {
			return (builder) -> {
				builder.commandTimeout(Duration.ofSeconds(5)).clientName("customizer-name");
				GenericObjectPoolConfig<StatefulConnection<?, ?>> pool = new GenericObjectPoolConfig<>();
				pool.setMaxTotal(33);
				pool.setMaxIdle(23);
				pool.setMinIdle(1);
				pool.setMaxWait(Duration.ofSeconds(4));
				pool.setTimeBetweenEvictionRuns(Duration.ofSeconds(33));
				((LettucePoolingClientConfigurationBuilder) builder).poolConfig(pool);
			};
		}

	}

}
