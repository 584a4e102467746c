package io.github.resilientdb.health;

import java.time.Duration;

import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.health.autoconfigure.ResilientDbHealthAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcPoolAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.health.JdbcProbeAutoConfiguration;
import io.github.resilientdb.mongo.autoconfigure.health.MongoProbeAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.health.RedisProbeAutoConfiguration;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.PrivatePostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * No false alarm at start-up: over a slow network (200 ms each way) opening PostgreSQL's first connection takes
 * longer than the probe timeout, yet the first probe, a warm-up, succeeds and the datastore is UP, never DEGRADED or
 * DOWN.
 */
class WarmUpIntegrationTests {

	@Test
	void firstProbeOverSlowNetworkShouldBeUpNotTimedOutNorDegraded() {
		try (FaultProxy proxy = FaultProxy.to("127.0.0.1", PrivatePostgres.shared().port())) {
			proxy.latency(Duration.ofMillis(200));
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
						JdbcResilientDbAutoConfiguration.class, JdbcPoolAutoConfiguration.class,
						ResilientDbAutoConfiguration.class, ResilientDbHealthAutoConfiguration.class, JdbcProbeAutoConfiguration.class,
					MongoProbeAutoConfiguration.class, RedisProbeAutoConfiguration.class))
				.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test",
						"spring.datasource.username=" + PrivatePostgres.shared().user())
				.run((context) -> {
					assertThat(context).hasNotFailed();
					DatastoreHealthMonitor monitor = context.getBean(DatastoreHealthMonitor.class);
					DatastoreCheck first = await().atMost(Duration.ofSeconds(15))
						.until(() -> monitor.history("jdbc"), (history) -> !history.isEmpty())
						.get(0);
					System.out.printf("[warm-up] first probe over a 200 ms network: %s after %d ms%n",
							first.status(), first.latency().toMillis());
					assertThat(first.outcome()).isEqualTo(ProbeOutcome.SUCCESS);
					assertThat(first.status()).isEqualTo(DatastoreStatus.UP);
					assertThat(first.latency()).as("longer than the 1 s probe timeout and the 500 ms latency threshold")
						.isGreaterThan(Duration.ofSeconds(1));
				});
		}
	}

}
