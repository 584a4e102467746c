package io.github.resilientdb.jdbc.integration;

import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.DatabaseUnavailableException;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.health.DatastoreHealthMonitor;
import io.github.resilientdb.health.autoconfigure.ResilientDbHealthAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcPoolAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.health.JdbcProbeAutoConfiguration;
import io.github.resilientdb.jdbc.pool.HungServerEviction;
import io.github.resilientdb.mongo.autoconfigure.health.MongoProbeAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.health.RedisProbeAutoConfiguration;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.PrivateMariaDb;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * Two {@link DataSource} beans, the primary on a private PostgreSQL server and {@code reportingDataSource} on a
 * private MariaDB server behind a fault proxy, are two datastores: {@code jdbc} and {@code reportingDataSource}, each
 * with its own breaker, bulkhead, retry budget, pool defaults, health probe and metrics tags. Breaking MariaDB opens
 * only its breaker and marks only its datastore DOWN, while calls to PostgreSQL keep succeeding.
 */
class MultipleDataSourcesIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final FaultProxy mariaDbProxy = FaultProxy.to("127.0.0.1", PrivateMariaDb.shared().port());

	@AfterEach
	void closeProxy() {
		this.mariaDbProxy.close();
	}

	@Test
	void eachDataSourceIsADatastoreOfItsOwn() {
		runner().run((context) -> {
			assertThat(context).hasNotFailed();
			MethodPolicies policies = context.getBean(MethodPolicies.class);
			assertThat(policies.datastores().names()).containsExactlyInAnyOrder("jdbc", "reportingDataSource");
			assertThat(policies.datastores().type("reportingDataSource").name()).isEqualTo("jdbc");
			ResilientDbRegistries registries = context.getBean(ResilientDbRegistries.class);
			assertThat(registries.circuitBreakers().getAllCircuitBreakers()).extracting(CircuitBreaker::getName)
				.contains("jdbc", "reportingDataSource");
			assertThat(registries.bulkheads().bulkhead("reportingDataSource").getBulkheadConfig()
				.getMaxConcurrentCalls()).isEqualTo(7);
			assertThat(registries.bulkheads().bulkhead("jdbc").getBulkheadConfig().getMaxConcurrentCalls())
				.isNotEqualTo(7);
			assertThat(context.getBean(DatastoreHealthMonitor.class).datastores())
				.containsExactlyInAnyOrder("jdbc", "reportingDataSource");
		});
	}

	@Test
	void poolDefaultsFollowEachDatastoresOwnDeadline() {
		runner().run((context) -> {
			HikariDataSource primary = context.getBean("primaryDataSource", HikariDataSource.class);
			HikariDataSource reporting = context.getBean("reportingDataSource", HikariDataSource.class);
			assertThat(primary.getConnectionTimeout()).as("a fifth of jdbc's 2500ms deadline, floored at 500ms")
				.isEqualTo(500);
			assertThat(reporting.getConnectionTimeout()).as("a fifth of reportingDataSource's 5s deadline")
				.isEqualTo(1000);
			assertThat(primary.getExceptionOverride()).isInstanceOf(HungServerEviction.class);
			assertThat(reporting.getExceptionOverride()).isInstanceOf(HungServerEviction.class);
		});
	}

	@Test
	void breakingOneServerOpensOnlyItsBreakerAndMarksOnlyItsDatastoreDown() {
		runner().run((context) -> {
			Calls calls = context.getBean(Calls.class);
			HealthEndpoint health = context.getBean(HealthEndpoint.class);
			assertThat(calls.primary()).isEqualTo(1);
			assertThat(calls.reporting()).isEqualTo(1);
			awaitStatus(health, "jdbc", Status.UP);
			awaitStatus(health, "reportingDataSource", Status.UP);

			this.mariaDbProxy.refuseNewConnections();
			this.mariaDbProxy.resetLiveConnections();
			ResilientDbRegistries registries = context.getBean(ResilientDbRegistries.class);
			CircuitBreaker reportingBreaker = registries.circuitBreakers().circuitBreaker("reportingDataSource");
			await().atMost(WAIT).until(() -> {
				try {
					calls.reporting();
				}
				catch (RuntimeException ex) {
					// Failures are what opens the breaker.
				}
				return reportingBreaker.getState() == CircuitBreaker.State.OPEN;
			});
			assertThatExceptionOfType(DatabaseUnavailableException.class).isThrownBy(calls::reporting);
			for (int call = 0; call < 5; call++) {
				assertThat(calls.primary()).isEqualTo(1);
			}
			assertThat(registries.circuitBreakers().circuitBreaker("jdbc").getState())
				.isEqualTo(CircuitBreaker.State.CLOSED);
			awaitStatus(health, "reportingDataSource", Status.DOWN);
			assertThat(status(health, "jdbc")).isEqualTo(Status.UP);

			MeterRegistry meters = context.getBean(MeterRegistry.class);
			assertThat(meters.find("resilientdb.calls").tag("datastore", "reportingDataSource").timers()
				.stream().mapToLong((timer) -> timer.count()).sum()).isPositive();
			assertThat(meters.find("resilientdb.calls").tag("datastore", "jdbc").timers()
				.stream().mapToLong((timer) -> timer.count()).sum()).isGreaterThanOrEqualTo(6);

			this.mariaDbProxy.pass();
			awaitStatus(health, "reportingDataSource", Status.UP);
		});
	}

	private ApplicationContextRunner runner() {
		PrivateMariaDb mariaDb = PrivateMariaDb.shared();
		String reportingUrl = mariaDb.jdbcUrl()
			.replace(":" + mariaDb.port() + "/", ":" + this.mariaDbProxy.port() + "/");
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JdbcPoolAutoConfiguration.class,
					JdbcResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class,
					ResilientDbHealthAutoConfiguration.class, JdbcProbeAutoConfiguration.class,
					MongoProbeAutoConfiguration.class, RedisProbeAutoConfiguration.class, EndpointAutoConfiguration.class,
					HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
					HealthEndpointAutoConfiguration.class))
			.withUserConfiguration(TwoDataSources.class)
			.withPropertyValues(TestDataSources.properties(reportingUrl, mariaDb.user(), mariaDb.password()))
			.withPropertyValues("resilientdb.datastores.jdbc.deadline=2500ms",
					"resilientdb.datastores.reportingDataSource.deadline=5s",
					"resilientdb.datastores.reportingDataSource.retry.max-retries=0",
					"resilientdb.datastores.reportingDataSource.bulkhead.max-concurrent-calls=7",
					"resilientdb.datastores.reportingDataSource.circuit-breaker.minimum-number-of-calls=2",
					"resilientdb.datastores.reportingDataSource.circuit-breaker.sliding-window-size=4",
					"resilientdb.health.interval=200ms", "resilientdb.health.unhealthy-interval=200ms",
					"resilientdb.health.timeout=2s", "resilientdb.health.latency-threshold=3s",
					"management.endpoint.health.show-details=always");
	}

	private static void awaitStatus(HealthEndpoint health, String datastore, Status status) {
		await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> status.equals(status(health, datastore)));
	}

	private static Status status(HealthEndpoint health, String datastore) {
		HealthDescriptor descriptor = health.healthForPath("resilientDb", datastore);
		return (descriptor != null) ? descriptor.getStatus() : Status.UNKNOWN;
	}

	@Configuration(proxyBeanMethods = false)
	@Import(TestDataSources.class)
	static class TwoDataSources {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		Calls calls(DataSource primaryDataSource, @Qualifier("reportingDataSource") DataSource reportingDataSource) {
			return new Calls(new JdbcTemplate(primaryDataSource), new JdbcTemplate(reportingDataSource));
		}

	}

	/**
	 * One method per datastore, each naming its own.
	 */
	static class Calls {

		private final JdbcTemplate primary;

		private final JdbcTemplate reporting;

		Calls(JdbcTemplate primary, JdbcTemplate reporting) {
			this.primary = primary;
			this.reporting = reporting;
		}

		@ResilientDb(datastore = "jdbc")
		public int primary() {
			return this.primary.queryForObject("select 1", Integer.class);
		}

		@ResilientDb(datastore = "reportingDataSource")
		public int reporting() {
			return this.reporting.queryForObject("select 1", Integer.class);
		}

	}

}
