package io.github.resilientdb.r2dbc.integration;

import java.time.Duration;

import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.health.DatastoreCheck;
import io.github.resilientdb.health.DatastoreHealthMonitor;
import io.github.resilientdb.health.DatastoreStatus;
import io.github.resilientdb.health.PoolUsage;
import io.github.resilientdb.health.autoconfigure.ResilientDbHealthAutoConfiguration;
import io.github.resilientdb.r2dbc.autoconfigure.R2dbcResilientDbAutoConfiguration;
import io.github.resilientdb.r2dbc.autoconfigure.health.R2dbcProbeAutoConfiguration;
import io.github.resilientdb.r2dbc.health.R2dbcDatastoreProbe;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.PrivatePostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.health.ConnectionFactoryHealthContributorAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code r2dbc} datastore's probe on Spring Boot's pooled {@code ConnectionFactory}, against a private
 * PostgreSQL through a fault-injecting proxy: DOWN while the proxy blackholes or refuses, UP again after, and Spring
 * Boot's {@code r2dbcHealthContributor} replaced.
 */
class R2dbcHealthIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final FaultProxy proxy = FaultProxy.to("127.0.0.1", PrivatePostgres.shared().port());

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class, R2dbcResilientDbAutoConfiguration.class,
				ResilientDbAutoConfiguration.class, ResilientDbHealthAutoConfiguration.class,
				R2dbcProbeAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				HealthContributorRegistryAutoConfiguration.class,
				ConnectionFactoryHealthContributorAutoConfiguration.class))
		.withPropertyValues(
				"spring.r2dbc.url=" + PostgresTables.r2dbcUrl(this.proxy.port()) + "?connectTimeout=PT1S",
				"spring.r2dbc.username=postgres", "spring.r2dbc.pool.initial-size=1", "spring.r2dbc.pool.max-size=3",
				"resilientdb.health.interval=200ms", "resilientdb.health.unhealthy-interval=200ms",
				"resilientdb.health.timeout=1s", "resilientdb.health.latency-threshold=3s");

	@AfterEach
	void closeProxy() {
		this.proxy.close();
	}

	@Test
	void probeWhenProxyBlackholesShouldGoDownAndUpAfter() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().hasSingleBean(R2dbcDatastoreProbe.class);
			awaitStatus(context, DatastoreStatus.UP);
			PoolUsage pool = context.getBean(R2dbcDatastoreProbe.class).pool();
			assertThat(pool).as("read from r2dbc-pool's metrics").isNotNull();
			assertThat(pool.max()).isEqualTo(3);
			assertThat(pool.active() + pool.idle()).isPositive();
			this.proxy.blackhole();
			awaitStatus(context, DatastoreStatus.DOWN);
			this.proxy.pass();
			awaitStatus(context, DatastoreStatus.UP);
		});
	}

	@Test
	void probeWhenProxyRefusesShouldGoDownAndUpAfter() {
		this.runner.run((context) -> {
			awaitStatus(context, DatastoreStatus.UP);
			this.proxy.refuseNewConnections();
			this.proxy.resetLiveConnections();
			awaitStatus(context, DatastoreStatus.DOWN);
			this.proxy.pass();
			awaitStatus(context, DatastoreStatus.UP);
		});
	}

	@Test
	void probeShouldReplaceBootsR2dbcContributor() {
		this.runner.run((context) -> {
			assertThat(context).hasBean("r2dbcHealthContributor");
			assertThat(context.getBean(HealthContributorRegistry.class).getContributor("r2dbc")).isNull();
			assertThat(context.getBean(ReactiveHealthContributorRegistry.class).getContributor("r2dbc")).isNull();
			assertThat(context.getBean(HealthContributorRegistry.class).getContributor("resilientDb")).isNotNull();
		});
	}

	@Test
	void probeWhenReplacingBootIndicatorsIsOffShouldLeaveBootsR2dbcContributor() {
		this.runner.withPropertyValues("resilientdb.health.replace-boot-indicators=false").run((context) -> {
			ReactiveHealthContributorRegistry reactive = context.getBean(ReactiveHealthContributorRegistry.class);
			assertThat(reactive.getContributor("r2dbc")).isNotNull();
		});
	}

	private static void awaitStatus(ApplicationContext context, DatastoreStatus status) {
		DatastoreHealthMonitor monitor = context.getBean(DatastoreHealthMonitor.class);
		await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
			DatastoreCheck check = monitor.latest("r2dbc");
			return check != null && check.status() == status;
		});
	}

}
