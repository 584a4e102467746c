package io.github.resilientdb.health.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.zaxxer.hikari.HikariDataSource;
import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.health.DatastoreCheck;
import io.github.resilientdb.health.DatastoreHealthIndicator;
import io.github.resilientdb.health.DatastoreHealthMonitor;
import io.github.resilientdb.health.DatastoreProbe;
import io.github.resilientdb.health.DatastoreStatus;
import io.github.resilientdb.health.PoolUsage;
import io.github.resilientdb.health.ProbeSettings;
import io.github.resilientdb.health.ResilientDbHealthContributor;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.health.JdbcProbeAutoConfiguration;
import io.github.resilientdb.jdbc.health.JdbcDatastoreProbe;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import io.github.resilientdb.mongo.autoconfigure.health.MongoProbeAutoConfiguration;
import io.github.resilientdb.mongo.health.MongoDatastoreProbe;
import io.github.resilientdb.mongo.pool.MongoPoolMonitor;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.health.RedisProbeAutoConfiguration;
import io.github.resilientdb.redis.health.RedisDatastoreProbe;
import io.github.resilientdb.test.server.MongoTestServer;
import io.github.resilientdb.test.server.PrivateRedis;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.health.actuate.endpoint.HealthEndpointGroups;
import org.springframework.boot.health.actuate.endpoint.SimpleStatusAggregator;
import org.springframework.boot.health.actuate.endpoint.StatusAggregator;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ResilientDbHealthAutoConfigurationTests {

	private static final String DEAD_JDBC_URL = "spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				JdbcResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class,
				ResilientDbHealthAutoConfiguration.class, JdbcProbeAutoConfiguration.class,
					MongoProbeAutoConfiguration.class, RedisProbeAutoConfiguration.class))
		.withPropertyValues(DEAD_JDBC_URL, "spring.datasource.hikari.connection-timeout=250",
				"resilientdb.health.interval=1h", "resilientdb.health.unhealthy-interval=1h");

	private final ApplicationContextRunner endpointRunner = this.runner.withConfiguration(AutoConfigurations.of(
			EndpointAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class,
			AvailabilityHealthContributorAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class,
			HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
			HealthEndpointAutoConfiguration.class));

	@Test
	void runWithDataSourceShouldProbeJdbcDatastore() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(DatastoreHealthMonitor.class)
				.hasSingleBean(JdbcDatastoreProbe.class)
				.hasBean("resilientDbHealthContributor");
			assertThat(context.getBean(DatastoreHealthMonitor.class).datastores()).containsExactly("jdbc");
			assertThat(context.getBean(ResilientDbHealthContributor.class).getContributor("jdbc"))
				.isInstanceOf(DatastoreHealthIndicator.class);
		});
	}

	@Test
	void runWithSeveralDataSourcesShouldProbeEachAsADatastoreOfItsOwn() {
		this.runner.withUserConfiguration(TwoDataSourcesConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(DatastoreHealthMonitor.class).datastores()).containsExactly("jdbc",
					"reportingDataSource");
			ClientDatastoreProbes probes = context.getBean("jdbcClientDatastoreProbes", ClientDatastoreProbes.class);
			assertThat(probes.probes()).singleElement()
				.satisfies((probe) -> assertThat(probe.datastore()).isEqualTo("reportingDataSource"));
			assertThat(context.getBean(JdbcDatastoreProbe.class).datastore()).isNull();
		});
	}

	@Test
	void runWithSeveralDataSourcesAndNoPrimaryShouldProbeEachUnderItsBeanName() {
		this.runner.withUserConfiguration(TwoDataSourcesWithoutPrimaryConfiguration.class).run((context) -> {
			assertThat(context).hasNotFailed().doesNotHaveBean(JdbcDatastoreProbe.class);
			assertThat(context.getBean(DatastoreHealthMonitor.class).datastores()).containsExactly("ordersDataSource",
					"reportingDataSource");
		});
	}

	@Test
	void runWithConfiguredDatastoreShouldProbeItWithItsTypesProbe() {
		this.runner.withPropertyValues("resilientdb.datastores.orders.type=jdbc")
			.run((context) -> assertThat(context.getBean(DatastoreHealthMonitor.class).datastores())
				.containsExactly("jdbc", "orders"));
	}

	@Test
	void runWhenDisabledShouldNotCreateMonitorOrContributor() {
		this.runner.withPropertyValues("management.health.resilientdb.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(DatastoreHealthMonitor.class)
				.doesNotHaveBean(ResilientDbHealthContributor.class)
				.doesNotHaveBean(DatastoreProbe.class));
	}

	@Test
	void runWhenHealthIndicatorsDisabledByDefaultShouldNotCreateMonitor() {
		this.runner.withPropertyValues("management.health.defaults.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DatastoreHealthMonitor.class));
	}

	@Test
	void runWhenResilientDbDisabledShouldNotCreateMonitor() {
		this.runner.withPropertyValues("resilientdb.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DatastoreHealthMonitor.class));
	}

	@Test
	void runWithoutDatastoreShouldNotCreateMonitor() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(ResilientDbAutoConfiguration.class, ResilientDbHealthAutoConfiguration.class, JdbcProbeAutoConfiguration.class,
					MongoProbeAutoConfiguration.class, RedisProbeAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean(DatastoreHealthMonitor.class)
				.doesNotHaveBean(ResilientDbHealthContributor.class));
	}

	@Test
	void runWithoutSpringBootHealthShouldNotCreateMonitor() {
		this.runner.withClassLoader(new FilteredClassLoader(HealthContributor.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DatastoreHealthMonitor.class));
	}

	@Test
	void runWithoutSpringBootJdbcShouldNotProbeJdbc() {
		this.runner.withClassLoader(new FilteredClassLoader(DataSourceUnwrapper.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(JdbcDatastoreProbe.class);
				assertThat(context.getBean(DatastoreHealthMonitor.class).datastores()).isEmpty();
			});
	}

	@Test
	void runWithUserContributorShouldBackOff() {
		this.runner.withUserConfiguration(UserContributorConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(ResilientDbHealthContributor.class)
				.hasSingleBean(DatastoreHealthMonitor.class);
			assertThat(context.getBean("resilientDbHealthIndicator")).isInstanceOf(HealthIndicator.class);
		});
	}

	@Test
	void runWithUserMonitorShouldBackOff() {
		this.runner.withUserConfiguration(UserMonitorConfiguration.class)
			.run((context) -> assertThat(context).getBean(DatastoreHealthMonitor.class)
				.isSameAs(context.getBean(UserMonitorConfiguration.class).monitor));
	}

	@Test
	void runWithUserProbeShouldUseIt() {
		this.runner.withUserConfiguration(UserProbeConfiguration.class).run((context) -> {
			assertThat(context).doesNotHaveBean(JdbcDatastoreProbe.class);
			DatastoreHealthMonitor monitor = context.getBean(DatastoreHealthMonitor.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> monitor.latest("jdbc") != null);
			assertThat(monitor.latest("jdbc").status()).isEqualTo(DatastoreStatus.UP);
			assertThat(monitor.latest("jdbc").pool()).isEqualTo(PoolUsage.of(1, 6, 0, 7));
			assertThat(context.getBean(UserProbeConfiguration.class).calls).hasValue(1);
		});
	}

	@Test
	void runWithInvalidPropertyShouldFailNamingIt() {
		this.runner.withPropertyValues("resilientdb.health.timeout=0s")
			.run((context) -> assertThat(context).hasFailed()
				.getFailure()
				.rootCause()
				.isInstanceOf(InvalidResilientDbPropertyException.class)
				.hasMessageContaining("resilientdb.health.timeout"));
	}

	@Test
	void runWithMongoClientShouldProbeMongoAndCountItsPool() {
		try (MongoTestServer server = MongoTestServer.start()) {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class,
						MongoResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class,
						ResilientDbHealthAutoConfiguration.class, JdbcProbeAutoConfiguration.class,
					MongoProbeAutoConfiguration.class, RedisProbeAutoConfiguration.class))
				.withPropertyValues("spring.mongodb.uri=" + server.connectionString())
				.run((context) -> {
					assertThat(context).hasSingleBean(MongoDatastoreProbe.class)
						.hasSingleBean(MongoPoolMonitor.class);
					DatastoreCheck check = awaitUp(context.getBean(DatastoreHealthMonitor.class), "mongo");
					assertThat(check.pool()).isNotNull();
					assertThat(check.pool().max()).isPositive();
					assertThat(check.pool().idle()).isPositive();
				});
		}
	}

	@Test
	void runWithPooledRedisShouldProbeRedisAndReportItsPool() {
		redisRunner().run((context) -> {
			assertThat(context).hasSingleBean(RedisDatastoreProbe.class);
			DatastoreCheck check = awaitUp(context.getBean(DatastoreHealthMonitor.class), "redis");
			assertThat(check.pool().multiplexed()).isFalse();
			assertThat(check.pool().max()).isEqualTo(8);
			assertThat(check.pool().active() + check.pool().idle()).isPositive();
		});
	}

	@Test
	void runWithUnpooledRedisShouldReportItsSharedConnection() {
		redisRunner().withPropertyValues("spring.data.redis.lettuce.pool.enabled=false")
			.run((context) -> assertThat(awaitUp(context.getBean(DatastoreHealthMonitor.class), "redis").pool())
				.isEqualTo(PoolUsage.multiplexedConnection()));
	}

	@Test
	void runWithUserStoreClientsShouldProbeEveryStore() {
		this.runner
			.withConfiguration(AutoConfigurations.of(RedisResilientDbAutoConfiguration.class,
					MongoResilientDbAutoConfiguration.class))
			.withUserConfiguration(StoreClientsConfiguration.class)
			.run((context) -> assertThat(context.getBean(DatastoreHealthMonitor.class).datastores())
				.containsExactlyInAnyOrder("jdbc", "mongo", "redis"));
	}

	@Test
	void runWithoutSpringBootDataRedisShouldProbeOtherStoresOnly() {
		this.runner
			.withConfiguration(AutoConfigurations.of(RedisResilientDbAutoConfiguration.class,
					MongoResilientDbAutoConfiguration.class))
			.withUserConfiguration(StoreClientsConfiguration.class)
			.withClassLoader(new FilteredClassLoader(DataRedisConnectionDetails.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(RedisDatastoreProbe.class);
				assertThat(context.getBean(DatastoreHealthMonitor.class).datastores())
					.containsExactlyInAnyOrder("jdbc", "mongo");
			});
	}

	@Test
	void runWithoutSpringBootMongoShouldProbeOtherStoresOnly() {
		this.runner
			.withConfiguration(AutoConfigurations.of(RedisResilientDbAutoConfiguration.class,
					MongoResilientDbAutoConfiguration.class))
			.withUserConfiguration(StoreClientsConfiguration.class)
			.withClassLoader(new FilteredClassLoader(MongoClientSettingsBuilderCustomizer.class))
			.run((context) -> {
				assertThat(context).hasNotFailed().doesNotHaveBean(MongoDatastoreProbe.class);
				assertThat(context.getBean(DatastoreHealthMonitor.class).datastores())
					.containsExactlyInAnyOrder("jdbc", "redis");
			});
	}

	@Test
	void runWithHealthEndpointShouldRankDegradedBetweenDownAndUp() {
		this.endpointRunner.run((context) -> {
			StatusAggregator aggregator = context.getBean(StatusAggregator.class);
			assertThat(aggregator.getAggregateStatus(Status.UP, DatastoreHealthIndicator.DEGRADED))
				.isEqualTo(DatastoreHealthIndicator.DEGRADED);
			assertThat(aggregator.getAggregateStatus(Status.DOWN, DatastoreHealthIndicator.DEGRADED))
				.isEqualTo(Status.DOWN);
			assertThat(aggregator.getAggregateStatus(Status.OUT_OF_SERVICE, DatastoreHealthIndicator.DEGRADED))
				.isEqualTo(Status.OUT_OF_SERVICE);
			HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
			assertThat(groups.getPrimary().getStatusAggregator()).isSameAs(aggregator);
			assertThat(groups.getPrimary().getHttpCodeStatusMapper().getStatusCode(DatastoreHealthIndicator.DEGRADED))
				.isEqualTo(200);
			assertThat(groups.get("readiness").getHttpCodeStatusMapper().getStatusCode(Status.DOWN)).isEqualTo(503);
		});
	}

	@Test
	void runWithConfiguredStatusOrderShouldAddDegradedBeforeUp() {
		this.endpointRunner.withPropertyValues("management.endpoint.health.status.order=FATAL,DOWN,UP,UNKNOWN")
			.run((context) -> {
				StatusAggregator aggregator = context.getBean(StatusAggregator.class);
				assertThat(aggregator.getAggregateStatus(Status.UP, DatastoreHealthIndicator.DEGRADED))
					.isEqualTo(DatastoreHealthIndicator.DEGRADED);
				assertThat(aggregator.getAggregateStatus(new Status("FATAL"), DatastoreHealthIndicator.DEGRADED))
					.isEqualTo(new Status("FATAL"));
			});
	}

	@Test
	void runWithUserStatusAggregatorShouldBackOff() {
		this.endpointRunner.withUserConfiguration(UserStatusAggregatorConfiguration.class)
			.run((context) -> assertThat(context).getBean(StatusAggregator.class)
				.isSameAs(UserStatusAggregatorConfiguration.AGGREGATOR));
	}

	@Test
	void runWithHealthEndpointShouldIncludeResilientDbInReadinessOnly() {
		this.endpointRunner.run((context) -> {
			assertThat(context).hasSingleBean(ReadinessGroupPostProcessor.class);
			HealthEndpointGroups groups = context.getBean(HealthEndpointGroups.class);
			assertThat(groups.get("readiness").isMember("readinessState")).isTrue();
			assertThat(groups.get("readiness").isMember("resilientDb")).isTrue();
			assertThat(groups.get("readiness").isMember("resilientDb/jdbc")).isTrue();
			assertThat(groups.get("liveness").isMember("resilientDb")).isFalse();
			assertThat(groups.get("liveness").isMember("livenessState")).isTrue();
		});
	}

	@Test
	void runWithReadinessMembersConfiguredShouldLeaveReadinessAlone() {
		this.endpointRunner.withPropertyValues("management.endpoint.health.group.readiness.include=readinessState")
			.run((context) -> assertThat(
					context.getBean(HealthEndpointGroups.class).get("readiness").isMember("resilientDb"))
				.isFalse());
	}

	@Test
	void runWithProbesDisabledShouldAddNoReadinessGroup() {
		this.endpointRunner.withPropertyValues("management.endpoint.health.probes.enabled=false")
			.run((context) -> assertThat(context.getBean(HealthEndpointGroups.class).get("readiness")).isNull());
	}

	@Test
	void runShouldReplaceBootsDbContributorByDefault() {
		this.endpointRunner.withConfiguration(AutoConfigurations.of(DataSourceHealthContributorAutoConfiguration.class))
			.run((context) -> {
				HealthContributorRegistry registry = context.getBean(HealthContributorRegistry.class);
				assertThat(context).hasBean("dbHealthContributor");
				assertThat(registry.getContributor("db")).isNull();
				assertThat(registry.getContributor("resilientDb")).isNotNull();
			});
	}

	@Test
	void runWithReplaceBootIndicatorsOffShouldLeaveBootsIndicators() {
		this.endpointRunner.withConfiguration(AutoConfigurations.of(DataSourceHealthContributorAutoConfiguration.class))
			.withPropertyValues("resilientdb.health.replace-boot-indicators=false")
			.run((context) -> {
				HealthContributorRegistry registry = context.getBean(HealthContributorRegistry.class);
				assertThat(registry.getContributor("db")).isNotNull();
				assertThat(registry.getContributor("resilientDb")).isNotNull();
			});
	}

	@Test
	void runShouldKeepApplicationsOwnDbIndicator() {
		this.endpointRunner.withConfiguration(AutoConfigurations.of(DataSourceHealthContributorAutoConfiguration.class))
			.withUserConfiguration(UserDbIndicatorConfiguration.class)
			.run((context) -> assertThat(context.getBean(HealthContributorRegistry.class).getContributor("db"))
				.isNotNull());
	}

	private static ApplicationContextRunner redisRunner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
					RedisResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class,
					ResilientDbHealthAutoConfiguration.class, JdbcProbeAutoConfiguration.class,
					MongoProbeAutoConfiguration.class, RedisProbeAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.url=" + PrivateRedis.shared().uri());
	}

	private static DatastoreCheck awaitUp(DatastoreHealthMonitor monitor, String datastore) {
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			DatastoreCheck check = monitor.latest(datastore);
			return check != null && check.status() == DatastoreStatus.UP;
		});
		return monitor.latest(datastore);
	}

	@Configuration(proxyBeanMethods = false)
	static class UserContributorConfiguration {

		@Bean
		HealthIndicator resilientDbHealthIndicator() {
			return () -> Health.up().build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserMonitorConfiguration {

		final DatastoreHealthMonitor monitor = new DatastoreHealthMonitor(Map.of(), (name) -> null,
				ProbeSettings.defaults(), List::of);

		@Bean
		DatastoreHealthMonitor userMonitor() {
			return this.monitor;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserProbeConfiguration {

		final AtomicInteger calls = new AtomicInteger();

		@Bean
		DatastoreProbe jdbcDatastoreProbe() {
			return new DatastoreProbe() {

				@Override
				public String type() {
					return "jdbc";
				}

				@Override
				public void check(Duration timeout) {
					UserProbeConfiguration.this.calls.incrementAndGet();
				}

				@Override
				public PoolUsage pool() {
					return PoolUsage.of(1, 6, 0, 7);
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserStatusAggregatorConfiguration {

		static final StatusAggregator AGGREGATOR = new SimpleStatusAggregator("DOWN", "UP");

		@Bean
		StatusAggregator userStatusAggregator() {
			return AGGREGATOR;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserDbIndicatorConfiguration {

		@Bean
		HealthIndicator dbHealthIndicator() {
			return () -> Health.up().build();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StoreClientsConfiguration {

		@Bean
		RedisConnectionFactory redisConnectionFactory() {
			return new LettuceConnectionFactory("127.0.0.1", 1);
		}

		@Bean
		MongoClient mongoClient() {
			return MongoClients.create("mongodb://127.0.0.1:1/?serverSelectionTimeoutMS=100");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSourcesConfiguration {

		@Bean
		@Primary
		HikariDataSource primaryDataSource() {
			return deadDataSource();
		}

		@Bean
		HikariDataSource reportingDataSource() {
			return deadDataSource();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class TwoDataSourcesWithoutPrimaryConfiguration {

		@Bean
		HikariDataSource ordersDataSource() {
			return deadDataSource();
		}

		@Bean
		HikariDataSource reportingDataSource() {
			return deadDataSource();
		}

	}

	static HikariDataSource deadDataSource() {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl("jdbc:postgresql://127.0.0.1:1/none");
		dataSource.setConnectionTimeout(250);
		return dataSource;
	}

}
