package io.github.resilientdb.redis.pool;

import java.time.Duration;

import io.github.resilientdb.redis.autoconfigure.LettuceClientDefaults;
import io.github.resilientdb.redis.autoconfigure.RedisPoolAutoConfiguration;
import io.github.resilientdb.test.server.PrivateRedis;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettucePoolingClientConfiguration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@link LettuceConnectionFactory} the application constructs escapes Spring Boot's customizers: without the
 * starter's defaults it is named in one INFO line at start-up; built through {@link LettuceClientDefaults#apply} it
 * has them, its own settings kept. Read back from the running connection, the server and the kernel's socket.
 */
@ExtendWith(OutputCaptureExtension.class)
class UserLettuceConnectionFactoryDefaultsTests {

	private static final String NOT_APPLIED = "LettuceConnectionFactory bean 'userRedisConnectionFactory' was built "
			+ "by the application, so resilient-db's client defaults";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class, RedisPoolAutoConfiguration.class))
		.withPropertyValues("spring.application.name=orders");

	@Test
	void factoryBuiltWithoutTheDefaultsShouldBeNamedOnceAndKeepLettucesSettings(CapturedOutput output) {
		this.runner.withUserConfiguration(PlainFactory.class).run((context) -> {
			LiveLettuce live = live(context);
			assertThat(live.commandTimeout()).isEqualTo(Duration.ofSeconds(60));
			assertThat(live.options().getDisconnectedBehavior()).isEqualTo(DisconnectedBehavior.DEFAULT);
			assertThat(output.getAll().lines().filter((line) -> line.contains("LettuceConnectionFactory bean")))
				.singleElement()
				.satisfies((line) -> assertThat(line).contains(" INFO ")
					.contains(NOT_APPLIED)
					.contains(LettuceClientDefaults.class.getName())
					.contains("apply(LettuceClientConfigurationBuilder)"));
		});
	}

	@Test
	void factoryBuiltThroughTheDefaultsShouldHaveThemAndKeepItsOwnSettings(CapturedOutput output) {
		this.runner.withUserConfiguration(DefaultedFactory.class).run((context) -> {
			LiveLettuce live = live(context);
			assertThat(live.commandTimeout()).isEqualTo(Duration.ofSeconds(2));
			ClientOptions options = live.options();
			assertThat(options.getSocketOptions().getConnectTimeout()).isEqualTo(Duration.ofSeconds(1));
			assertThat(options.getDisconnectedBehavior()).isEqualTo(DisconnectedBehavior.REJECT_COMMANDS);
			assertThat(options.getRequestQueueSize()).as("the application's own").isEqualTo(500);
			assertThat(live.socketKeepalive()).isEqualTo("idle=10s interval=5s count=3");
			assertThat(live.clientName()).isEqualTo("orders");
			assertThat(output.getAll()).doesNotContain(NOT_APPLIED);
		});
	}

	@Test
	void poolingFactoryBuiltThroughTheDefaultsShouldHaveThePoolDefaults(CapturedOutput output) {
		this.runner.withUserConfiguration(PooledFactory.class).run((context) -> {
			assertThat(live(context).commandTimeout()).isEqualTo(Duration.ofSeconds(2));
			LettucePoolingClientConfiguration pooling = (LettucePoolingClientConfiguration) context
				.getBean(LettuceConnectionFactory.class)
				.getClientConfiguration();
			assertThat(pooling.getPoolConfig().getMaxTotal()).isEqualTo(30);
			assertThat(pooling.getPoolConfig().getMinIdle()).isEqualTo(5);
			assertThat(pooling.getPoolConfig().getMaxWaitDuration()).isEqualTo(Duration.ofSeconds(1));
			assertThat(output.getAll()).doesNotContain(NOT_APPLIED);
		});
	}

	@Test
	void factoryBuiltBySpringBootShouldNotBeNamed(CapturedOutput output) {
		this.runner.withPropertyValues("spring.data.redis.port=" + PrivateRedis.shared().port()).run((context) -> {
			assertThat(live(context).commandTimeout()).isEqualTo(Duration.ofSeconds(2));
			assertThat(output.getAll()).doesNotContain("was built by the application");
		});
	}

	private static LiveLettuce live(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		return LiveLettuce.of(context.getBean(LettuceConnectionFactory.class));
	}

	private static RedisStandaloneConfiguration server() {
		return new RedisStandaloneConfiguration("127.0.0.1", PrivateRedis.shared().port());
	}

	@Configuration(proxyBeanMethods = false)
	static class PlainFactory {

		@Bean
		LettuceConnectionFactory userRedisConnectionFactory() {
			return new LettuceConnectionFactory(server());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class DefaultedFactory {

		@Bean
		LettuceConnectionFactory userRedisConnectionFactory(LettuceClientDefaults defaults) {
			LettuceClientConfiguration client = defaults
				.apply(LettuceClientConfiguration.builder()
					.clientOptions(ClientOptions.builder().requestQueueSize(500).build()))
				.build();
			return new LettuceConnectionFactory(server(), client);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PooledFactory {

		@Bean
		LettuceConnectionFactory userRedisConnectionFactory(LettuceClientDefaults defaults) {
			return new LettuceConnectionFactory(server(),
					defaults.apply(LettucePoolingClientConfiguration.builder()).build());
		}

	}

}
