package io.github.resilientdb.jdbc.pool;

import java.sql.Connection;
import java.time.Duration;
import java.util.Map;
import java.util.function.ToLongFunction;
import java.util.stream.Stream;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;
import io.github.resilientdb.jdbc.JdbcStack;
import io.github.resilientdb.test.server.PrivateMariaDb;
import io.github.resilientdb.test.server.PrivatePostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.core.env.StandardEnvironment;
import org.springframework.core.env.SystemEnvironmentPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Every {@code resilientdb.jdbc.pool} default reaches the live pool, and every setting the application gave wins,
 * read back from the started pool (its config MXBean, its pool MXBean and a real connection).
 */
@ExtendWith(OutputCaptureExtension.class)
class HikariPoolDefaultsTests {

	private final ApplicationContextRunner runner = JdbcStack.runner(PrivatePostgres.shared());

	@Test
	void defaultsReachTheLivePoolForEveryKeyLeftAlone() {
		this.runner.run((context) -> {
			HikariDataSource dataSource = started(context);
			assertThat(dataSource.getHikariConfigMXBean().getMaximumPoolSize()).isEqualTo(20);
			assertThat(dataSource.getHikariConfigMXBean().getMinimumIdle()).isEqualTo(20);
			assertThat(dataSource.getHikariConfigMXBean().getConnectionTimeout()).isEqualTo(1_000);
			assertThat(dataSource.getHikariConfigMXBean().getValidationTimeout()).isEqualTo(500);
			assertThat(dataSource.getHikariConfigMXBean().getIdleTimeout()).isEqualTo(600_000);
			assertThat(dataSource.getHikariConfigMXBean().getMaxLifetime()).isEqualTo(1_800_000);
			assertThat(dataSource.getKeepaliveTime()).isEqualTo(120_000);
			assertThat(dataSource.getHikariConfigMXBean().getLeakDetectionThreshold()).isEqualTo(10_000);
			await().atMost(Duration.ofSeconds(20))
				.untilAsserted(() -> assertThat(dataSource.getHikariPoolMXBean().getTotalConnections()).isEqualTo(20));
			try (Connection connection = dataSource.getConnection()) {
				assertThat(connection.getNetworkTimeout()).as("PostgreSQL socketTimeout, in ms").isEqualTo(4_000);
			}
			assertThat(dataSource.getDataSourceProperties()).containsEntry("socketTimeout", "4")
				.containsEntry("connectTimeout", "1");
		});
	}

	@ParameterizedTest(name = "spring.datasource.hikari.{0}={1}")
	@MethodSource("applicationSettings")
	void settingUnderSpringDatasourceHikariWins(String key, long value, ToLongFunction<HikariConfig> live) {
		this.runner.withPropertyValues("spring.datasource.hikari." + key + "=" + value).run((context) -> {
			HikariDataSource dataSource = started(context);
			assertThat(live.applyAsLong(dataSource)).isEqualTo(value);
		});
	}

	static Stream<Arguments> applicationSettings() {
		return Stream.of(setting("maximum-pool-size", 7, HikariConfig::getMaximumPoolSize),
				setting("maximum-pool-size", 10, HikariConfig::getMaximumPoolSize),
				setting("minimum-idle", 3, HikariConfig::getMinimumIdle),
				setting("connection-timeout", 4_500, HikariConfig::getConnectionTimeout),
				setting("connection-timeout", 30_000, HikariConfig::getConnectionTimeout),
				setting("validation-timeout", 1_500, HikariConfig::getValidationTimeout),
				setting("idle-timeout", 120_000, HikariConfig::getIdleTimeout),
				setting("max-lifetime", 900_000, HikariConfig::getMaxLifetime),
				setting("keepalive-time", 60_000, HikariConfig::getKeepaliveTime),
				setting("keepalive-time", 0, HikariConfig::getKeepaliveTime),
				setting("leak-detection-threshold", 10_000, HikariConfig::getLeakDetectionThreshold),
				setting("leak-detection-threshold", 0, HikariConfig::getLeakDetectionThreshold));
	}

	private static Arguments setting(String key, long value, ToLongFunction<HikariConfig> live) {
		return Arguments.of(key, value, live);
	}

	@Test
	void relaxedNamesCountAsTheApplicationsToo() {
		this.runner.withPropertyValues("spring.datasource.hikari.maximumPoolSize=10")
			.withInitializer((context) -> context.getEnvironment()
				.getPropertySources()
				.addFirst(new SystemEnvironmentPropertySource(
						"test-" + StandardEnvironment.SYSTEM_ENVIRONMENT_PROPERTY_SOURCE_NAME,
						Map.of("SPRING_DATASOURCE_HIKARI_CONNECTIONTIMEOUT", "30000"))))
			.run((context) -> {
				HikariDataSource dataSource = started(context);
				assertThat(dataSource.getMaximumPoolSize()).isEqualTo(10);
				assertThat(dataSource.getMinimumIdle()).as("follows the application's maximum").isEqualTo(10);
				assertThat(dataSource.getConnectionTimeout()).as("from the environment").isEqualTo(30_000);
			});
	}

	@Test
	void minimumIdleFollowsTheApplicationsMaximumPoolSize() {
		this.runner.withPropertyValues("spring.datasource.hikari.maximum-pool-size=4").run((context) -> {
			HikariDataSource dataSource = started(context);
			assertThat(dataSource.getMinimumIdle()).isEqualTo(4);
			await().atMost(Duration.ofSeconds(10))
				.untilAsserted(() -> assertThat(dataSource.getHikariPoolMXBean().getTotalConnections()).isEqualTo(4));
		});
	}

	@Test
	void resilientDbPropertiesReplaceTheDefaults() {
		this.runner
			.withPropertyValues("resilientdb.jdbc.pool.maximum-pool-size=6", "resilientdb.jdbc.pool.minimum-idle=2",
					"resilientdb.jdbc.pool.connection-timeout=2s", "resilientdb.jdbc.pool.socket-timeout=1500ms",
					"resilientdb.jdbc.pool.connect-timeout=3s")
			.run((context) -> {
				HikariDataSource dataSource = started(context);
				assertThat(dataSource.getMaximumPoolSize()).isEqualTo(6);
				assertThat(dataSource.getMinimumIdle()).isEqualTo(2);
				assertThat(dataSource.getConnectionTimeout()).isEqualTo(2_000);
				try (Connection connection = dataSource.getConnection()) {
					assertThat(connection.getNetworkTimeout()).as("rounded up to whole seconds").isEqualTo(2_000);
				}
				assertThat(dataSource.getDataSourceProperties()).containsEntry("connectTimeout", "3");
			});
	}

	@Test
	void driverTimeoutsInTheUrlWin() {
		this.runner
			.withPropertyValues("spring.datasource.url=" + PrivatePostgres.shared().jdbcUrl()
					+ "?socketTimeout=45&connectTimeout=7")
			.run((context) -> {
				HikariDataSource dataSource = started(context);
				try (Connection connection = dataSource.getConnection()) {
					assertThat(connection.getNetworkTimeout()).isEqualTo(45_000);
				}
				assertThat(dataSource.getDataSourceProperties()).doesNotContainKeys("socketTimeout", "connectTimeout");
				assertThat(dataSource.getLeakDetectionThreshold()).as("the default adapts above the socket timeout")
					.isEqualTo(90_000);
			});
	}

	@Test
	void leakDetectionOfTheApplicationIsKeptWhateverTheSocketTimeout() {
		this.runner
			.withPropertyValues("spring.datasource.url=" + PrivatePostgres.shared().jdbcUrl() + "?socketTimeout=45",
					"spring.datasource.hikari.leak-detection-threshold=20000")
			.run((context) -> assertThat(started(context).getLeakDetectionThreshold()).isEqualTo(20_000));
	}

	@Test
	void driverTimeoutsInDataSourcePropertiesWin() {
		this.runner
			.withPropertyValues("spring.datasource.hikari.data-source-properties.socketTimeout=45",
					"spring.datasource.hikari.data-source-properties.connectTimeout=7")
			.run((context) -> {
				HikariDataSource dataSource = started(context);
				try (Connection connection = dataSource.getConnection()) {
					assertThat(connection.getNetworkTimeout()).isEqualTo(45_000);
				}
				assertThat(dataSource.getDataSourceProperties()).containsEntry("socketTimeout", "45")
					.containsEntry("connectTimeout", "7");
			});
	}

	@Test
	void mariaDbDriverTimeoutsAreInMilliseconds() {
		PrivateMariaDb mariaDb = PrivateMariaDb.shared();
		this.runner
			.withPropertyValues("spring.datasource.url=" + mariaDb.jdbcUrl(),
					"spring.datasource.username=" + mariaDb.user(), "spring.datasource.password=" + mariaDb.password(),
					"spring.datasource.hikari.maximum-pool-size=2")
			.run((context) -> {
				HikariDataSource dataSource = started(context);
				try (Connection connection = dataSource.getConnection()) {
					assertThat(connection.getNetworkTimeout()).isEqualTo(4_000);
				}
				assertThat(dataSource.getDataSourceProperties()).containsEntry("socketTimeout", "4000")
					.containsEntry("connectTimeout", "1000");
			});
	}

	@Test
	void mariaDbDriverTimeoutInTheUrlWins() {
		PrivateMariaDb mariaDb = PrivateMariaDb.shared();
		this.runner
			.withPropertyValues("spring.datasource.url=" + mariaDb.jdbcUrl() + "?socketTimeout=4000",
					"spring.datasource.username=" + mariaDb.user(), "spring.datasource.password=" + mariaDb.password(),
					"spring.datasource.hikari.maximum-pool-size=2")
			.run((context) -> {
				HikariDataSource dataSource = started(context);
				try (Connection connection = dataSource.getConnection()) {
					assertThat(connection.getNetworkTimeout()).isEqualTo(4_000);
				}
				assertThat(dataSource.getDataSourceProperties()).doesNotContainKey("socketTimeout")
					.containsEntry("connectTimeout", "1000");
			});
	}

	@Test
	void defaultKeepaliveAdaptsToTheApplicationsShortMaxLifetime(CapturedOutput output) {
		this.runner.withPropertyValues("spring.datasource.hikari.max-lifetime=60000").run((context) -> {
			HikariDataSource dataSource = started(context);
			assertThat(dataSource.getMaxLifetime()).isEqualTo(60_000);
			assertThat(dataSource.getKeepaliveTime()).isEqualTo(30_000);
			assertThat(output).contains("default keepalive-time (2m) adapted to 30s to fit "
					+ "spring.datasource.hikari.max-lifetime (1m)");
		});
	}

	@Test
	void defaultMaximumPoolSizeAdaptsToTheApplicationsMinimumIdle() {
		this.runner.withPropertyValues("spring.datasource.hikari.minimum-idle=25").run((context) -> {
			HikariDataSource dataSource = started(context);
			assertThat(dataSource.getHikariConfigMXBean().getMinimumIdle()).isEqualTo(25);
			assertThat(dataSource.getHikariConfigMXBean().getMaximumPoolSize()).isEqualTo(25);
		});
	}

	@Test
	void defaultValidationTimeoutAdaptsToTheApplicationsShortConnectionTimeout() {
		this.runner.withPropertyValues("spring.datasource.hikari.connection-timeout=500").run((context) -> {
			HikariDataSource dataSource = started(context);
			assertThat(dataSource.getHikariConfigMXBean().getConnectionTimeout()).isEqualTo(500);
			assertThat(dataSource.getHikariConfigMXBean().getValidationTimeout()).isEqualTo(250);
		});
	}

	@Test
	void applicationSettingsThatConflictFailTheStartNamingBoth() {
		this.runner
			.withPropertyValues("spring.datasource.hikari.connection-timeout=500",
					"spring.datasource.hikari.validation-timeout=1000")
			.run((context) -> assertThat(failure(context)).satisfies((failure) -> {
				assertThat(failure.getProperty()).isEqualTo("spring.datasource.hikari.validation-timeout");
				assertThat(failure.getRequirement()).contains("spring.datasource.hikari.connection-timeout");
			}));
	}

	@Test
	void explicitResilientDbSettingThatConflictsWithTheApplicationsFailsTheStartNamingBoth() {
		this.runner
			.withPropertyValues("spring.datasource.hikari.connection-timeout=500",
					"resilientdb.jdbc.pool.validation-timeout=600ms")
			.run((context) -> assertThat(failure(context)).satisfies((failure) -> {
				assertThat(failure.getProperty()).isEqualTo("resilientdb.jdbc.pool.validation-timeout");
				assertThat(failure.getRequirement()).contains("spring.datasource.hikari.connection-timeout");
			}));
	}

	@Test
	void combinationsEntirelyTheApplicationsAreLeftToHikari() {
		this.runner
			.withPropertyValues("spring.datasource.hikari.max-lifetime=60000",
					"spring.datasource.hikari.keepalive-time=30000")
			.run((context) -> assertThat(started(context).getKeepaliveTime()).isEqualTo(30_000));
	}

	@Test
	void disabledLeavesHikariDefaults() {
		this.runner.withPropertyValues("resilientdb.jdbc.pool.enabled=false").run((context) -> {
			HikariDataSource dataSource = started(context);
			assertThat(dataSource.getMaximumPoolSize()).isEqualTo(10);
			assertThat(dataSource.getConnectionTimeout()).isEqualTo(30_000);
			assertThat(dataSource.getDataSourceProperties()).isEmpty();
		});
	}

	@Test
	void poolBuiltInCodeKeepsWhatTheCodeSet() {
		this.runner.withUserConfiguration(CodeBuiltPoolConfiguration.class).run((context) -> {
			HikariDataSource dataSource = started(context);
			assertThat(dataSource.getMaximumPoolSize()).isEqualTo(5);
			assertThat(dataSource.getLeakDetectionThreshold()).isEqualTo(45_000);
			assertThat(dataSource.getMinimumIdle()).isEqualTo(5);
			assertThat(dataSource.getConnectionTimeout()).isEqualTo(1_000);
		});
	}

	@Test
	void poolStartedBeforePostProcessingIsLeftAloneWithAWarning(CapturedOutput output) {
		this.runner.withUserConfiguration(EagerPoolConfiguration.class).run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			assertThat(dataSource.getConnectionTimeout()).isEqualTo(30_000);
			assertThat(output).contains("was started before resilient-db could apply");
		});
	}

	private static HikariDataSource started(AssertableApplicationContext context) throws Exception {
		assertThat(context).hasNotFailed();
		HikariDataSource dataSource = context.getBean(HikariDataSource.class);
		try (Connection connection = dataSource.getConnection()) {
			assertThat(connection.isValid(1)).isTrue();
		}
		assertThat(dataSource.isRunning()).isTrue();
		return dataSource;
	}

	private static InvalidResilientDbPropertyException failure(AssertableApplicationContext context) {
		assertThat(context).hasFailed();
		Throwable root = NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure());
		assertThat(root).isInstanceOf(InvalidResilientDbPropertyException.class);
		return (InvalidResilientDbPropertyException) root;
	}

	@Configuration(proxyBeanMethods = false)
	static class CodeBuiltPoolConfiguration {

		@Bean
		HikariDataSource dataSource() {
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setJdbcUrl(PrivatePostgres.shared().jdbcUrl());
			dataSource.setUsername(PrivatePostgres.shared().user());
			dataSource.setMaximumPoolSize(5);
			dataSource.setLeakDetectionThreshold(45_000);
			return dataSource;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EagerPoolConfiguration {

		@Bean
		HikariDataSource dataSource() {
			HikariConfig config = new HikariConfig();
			config.setJdbcUrl(PrivatePostgres.shared().jdbcUrl());
			config.setUsername(PrivatePostgres.shared().user());
			config.setMaximumPoolSize(1);
			return new HikariDataSource(config);
		}

	}

}
