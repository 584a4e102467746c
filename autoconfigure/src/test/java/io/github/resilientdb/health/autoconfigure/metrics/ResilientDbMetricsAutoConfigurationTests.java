package io.github.resilientdb.health.autoconfigure.metrics;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import javax.sql.DataSource;

import com.mongodb.client.MongoClient;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.health.DatastoreHealthMonitor;
import io.github.resilientdb.health.DatastoreProbe;
import io.github.resilientdb.health.PoolUsage;
import io.github.resilientdb.health.autoconfigure.ResilientDbHealthAutoConfiguration;
import io.github.resilientdb.health.metrics.DatastoreHealthMeters;
import io.github.resilientdb.health.metrics.PercentileHistogramsMeterFilter;
import io.github.resilientdb.jdbc.autoconfigure.health.JdbcProbeAutoConfiguration;
import io.github.resilientdb.mongo.autoconfigure.health.MongoProbeAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.health.RedisProbeAutoConfiguration;
import io.github.resilientdb.test.server.MongoTestServer;
import io.github.resilientdb.test.server.PrivatePostgres;
import io.github.resilientdb.test.server.PrivateRedis;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.commonspool2.CommonsObjectPool2Metrics;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.metrics.DataSourcePoolMetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.MetricsAutoConfiguration;
import org.springframework.boot.micrometer.metrics.autoconfigure.export.prometheus.PrometheusMetricsExportAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.metrics.MongoMetricsAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class ResilientDbMetricsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResilientDbAutoConfiguration.class,
				ResilientDbHealthAutoConfiguration.class, JdbcProbeAutoConfiguration.class,
					MongoProbeAutoConfiguration.class, RedisProbeAutoConfiguration.class, ResilientDbMetricsAutoConfiguration.class))
		.withUserConfiguration(ProbedStoreConfiguration.class)
		.withPropertyValues("resilientdb.health.interval=50ms", "resilientdb.health.unhealthy-interval=50ms",
				"resilientdb.health.failure-threshold=1");

	private final ApplicationContextRunner bootMetricsRunner = this.runner.withConfiguration(AutoConfigurations.of(
			MetricsAutoConfiguration.class, PrometheusMetricsExportAutoConfiguration.class,
			CompositeMeterRegistryAutoConfiguration.class));

	@Test
	void runWithRegistryShouldFollowHealthInGaugeAndTimeProbes() {
		this.runner.withUserConfiguration(RegistryConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(DatastoreHealthMeters.class);
			MeterRegistry registry = context.getBean(MeterRegistry.class);
			ProbedStoreConfiguration store = context.getBean(ProbedStoreConfiguration.class);
			await().atMost(Duration.ofSeconds(10)).until(() -> gauge(registry) == 1.0);
			store.pool.set(PoolUsage.of(10, 0, 3, 10));
			await().atMost(Duration.ofSeconds(10)).until(() -> gauge(registry) == 0.5);
			store.failure.set(new IllegalStateException("down"));
			await().atMost(Duration.ofSeconds(10)).until(() -> gauge(registry) == 0.0);
			Timer success = registry.find("resilientdb.datastore.probe")
				.tags("datastore", "jdbc", "outcome", "success")
				.timer();
			Timer failure = registry.find("resilientdb.datastore.probe")
				.tags("datastore", "jdbc", "outcome", "failure")
				.timer();
			assertThat(success.count()).isPositive();
			assertThat(failure.count()).isPositive();
			assertThat(registry.find("resilientdb.datastore.probe").timers())
				.allSatisfy((timer) -> assertThat(timer.getId().getTags()).hasSize(2));
		});
	}

	@Test
	void runWithoutRegistryShouldNotCreateMeters() {
		this.runner.run((context) -> assertThat(context).hasNotFailed()
			.doesNotHaveBean(DatastoreHealthMeters.class)
			.doesNotHaveBean(PercentileHistogramsMeterFilter.class));
	}

	@Test
	void runWithHealthDisabledShouldNotCreateHealthMeters() {
		this.runner.withUserConfiguration(RegistryConfiguration.class)
			.withPropertyValues("management.health.resilientdb.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DatastoreHealthMeters.class));
	}

	@Test
	void runWithUserHealthMetersShouldBackOff() {
		this.runner.withUserConfiguration(RegistryConfiguration.class, UserHealthMetersConfiguration.class)
			.run((context) -> assertThat(context).getBean(DatastoreHealthMeters.class)
				.isSameAs(context.getBean("userHealthMeters")));
	}

	@Test
	void runShouldNotAddPercentileHistogramsByDefault() {
		this.bootMetricsRunner.run((context) -> {
			assertThat(context).doesNotHaveBean(PercentileHistogramsMeterFilter.class);
			assertThat(awaitProbeScrape(context.getBean(PrometheusMeterRegistry.class)))
				.doesNotContain("resilientdb_datastore_probe_seconds_bucket");
		});
	}

	@Test
	void runWithPercentileHistogramsShouldAddThemToResilientDbTimers() {
		this.bootMetricsRunner.withPropertyValues("resilientdb.metrics.percentile-histograms=true").run((context) -> {
			assertThat(context).hasSingleBean(PercentileHistogramsMeterFilter.class);
			assertThat(awaitProbeScrape(context.getBean(PrometheusMeterRegistry.class)))
				.contains("resilientdb_datastore_probe_seconds_bucket{datastore=\"jdbc\",outcome=\"success\"");
		});
	}

	@Test
	void runWithResilientDbDisabledShouldNotAddPercentileHistograms() {
		this.bootMetricsRunner
			.withPropertyValues("resilientdb.enabled=false", "resilientdb.metrics.percentile-histograms=true")
			.run((context) -> assertThat(context).doesNotHaveBean(PercentileHistogramsMeterFilter.class));
	}

	@Test
	void runWithRedisShouldBindCommonsPool2Meters() {
		this.bootMetricsRunner.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class))
			.withPropertyValues("spring.data.redis.url=" + PrivateRedis.shared().uri())
			.run((context) -> {
				assertThat(context).hasSingleBean(CommonsObjectPool2Metrics.class);
				try (RedisConnection connection = context.getBean(RedisConnectionFactory.class).getConnection()) {
					connection.ping();
				}
				MeterRegistry registry = context.getBean(MeterRegistry.class);
				await().atMost(Duration.ofSeconds(10))
					.until(() -> registry.find("commons.pool2.num.active").gauges().size() > 0);
				assertThat(registry.find("commons.pool2.num.active").gauge().getId().getTag("factoryType"))
					.startsWith("io.lettuce.");
			});
	}

	@Test
	void runWithHikariAndMongoShouldLeaveTheirPoolMetersToSpringBoot() {
		try (MongoTestServer mongo = MongoTestServer.start()) {
			this.bootMetricsRunner
				.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
						DataSourcePoolMetricsAutoConfiguration.class, MongoAutoConfiguration.class,
						MongoMetricsAutoConfiguration.class))
				.withPropertyValues("spring.datasource.url=" + PrivatePostgres.shared().jdbcUrl(),
						"spring.datasource.username=" + PrivatePostgres.shared().user(),
						"spring.mongodb.uri=" + mongo.connectionString())
				.run((context) -> {
					try (Connection connection = context.getBean(DataSource.class).getConnection()) {
						assertThat(connection.isValid(1)).isTrue();
					}
					context.getBean(MongoClient.class).getDatabase("admin").runCommand(new Document("ping", 1));
					MeterRegistry registry = context.getBean(MeterRegistry.class);
					assertThat(registry.find("hikaricp.connections.active").gauge()).isNotNull();
					assertThat(registry.find("mongodb.driver.pool.checkedout").gauge()).isNotNull();
					assertThat(context).doesNotHaveBean(CommonsObjectPool2Metrics.class);
					assertThat(registry.getMeters()).noneMatch((meter) -> meter.getId().getName().startsWith(
							"resilientdb.") && meter.getId().getName().contains("pool"));
				});
		}
	}

	@Test
	void runWithoutCommonsPool2ShouldNotBindPoolMeters() {
		this.runner.withUserConfiguration(RegistryConfiguration.class, RedisConfiguration.class)
			.withClassLoader(new FilteredClassLoader("org.apache.commons.pool2.impl.GenericObjectPool"))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CommonsObjectPool2Metrics.class));
	}

	@Test
	void runWithoutRedisShouldNotBindPoolMeters() {
		this.runner.withUserConfiguration(RegistryConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(CommonsObjectPool2Metrics.class));
	}

	@Test
	void runWithUserPoolMetersShouldBackOff() {
		this.runner.withUserConfiguration(RegistryConfiguration.class, RedisConfiguration.class,
				UserPoolMetricsConfiguration.class)
			.run((context) -> assertThat(context).getBean(CommonsObjectPool2Metrics.class)
				.isSameAs(context.getBean("userPoolMetrics")));
	}

	private static String awaitProbeScrape(PrometheusMeterRegistry registry) {
		await().atMost(Duration.ofSeconds(10))
			.until(() -> registry.find("resilientdb.datastore.probe").timer() != null);
		return registry.scrape();
	}

	private static double gauge(MeterRegistry registry) {
		return registry.get("resilientdb.datastore.health").tag("datastore", "jdbc").gauge().value();
	}

	@Configuration(proxyBeanMethods = false)
	static class ProbedStoreConfiguration {

		final AtomicReference<@Nullable RuntimeException> failure = new AtomicReference<>();

		final AtomicReference<PoolUsage> pool = new AtomicReference<>(PoolUsage.of(1, 1, 0, 10));

		@Bean
		DatastoreType jdbcDatastoreType() {
			return new DatastoreType("jdbc", (error) -> null, List.of());
		}

		@Bean
		DatastoreProbe jdbcDatastoreProbe() {
			return new DatastoreProbe() {

				@Override
				public String type() {
					return "jdbc";
				}

				@Override
				public void check(Duration timeout) {
					RuntimeException exception = ProbedStoreConfiguration.this.failure.get();
					if (exception != null) {
						throw exception;
					}
				}

				@Override
				public PoolUsage pool() {
					return ProbedStoreConfiguration.this.pool.get();
				}

			};
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RegistryConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserHealthMetersConfiguration {

		@Bean
		DatastoreHealthMeters userHealthMeters(DatastoreHealthMonitor monitor,
				MeterRegistry registry) {
			return new DatastoreHealthMeters(monitor, registry);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserPoolMetricsConfiguration {

		@Bean
		CommonsObjectPool2Metrics userPoolMetrics() {
			return new CommonsObjectPool2Metrics();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class RedisConfiguration {

		@Bean
		RedisConnectionFactory redisConnectionFactory() {
			return new LettuceConnectionFactory("127.0.0.1", 1);
		}

	}

}
