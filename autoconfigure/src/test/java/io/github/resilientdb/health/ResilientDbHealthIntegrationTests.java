package io.github.resilientdb.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.health.autoconfigure.ResilientDbHealthAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.health.JdbcProbeAutoConfiguration;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import io.github.resilientdb.mongo.autoconfigure.health.MongoProbeAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.health.RedisProbeAutoConfiguration;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.MongoTestServer;
import io.github.resilientdb.test.server.PrivatePostgres;
import io.github.resilientdb.test.server.PrivateRedis;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.autoconfigure.availability.ApplicationAvailabilityAutoConfiguration;
import org.springframework.boot.availability.AvailabilityChangeEvent;
import org.springframework.boot.availability.LivenessState;
import org.springframework.boot.availability.ReadinessState;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.health.DataRedisHealthContributorAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.health.DataRedisReactiveHealthContributorAutoConfiguration;
import org.springframework.boot.health.actuate.endpoint.HealthDescriptor;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.AvailabilityProbesAutoConfiguration;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.application.AvailabilityHealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.health.MongoHealthContributorAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The whole health stack against real servers (PostgreSQL, Redis, mongo-java-server), each behind a fault proxy, with
 * Spring Boot's own indicators present and replaced by default: one store is black-holed (connections stay open, no
 * byte passes), and the health endpoint must keep answering at once, DOWN for that store only, readiness DOWN and
 * liveness UP; then the store returns and is UP again within a few probe intervals. With nothing configured but the
 * URLs, every store black-holed at once never slows the health endpoint either.
 */
class ResilientDbHealthIntegrationTests {

	private static final Duration INTERVAL = Duration.ofMillis(200);

	private static final Duration WAIT = Duration.ofSeconds(30);

	private static final int MEASUREMENTS = 200;

	private MongoTestServer mongoServer;

	private final Map<String, FaultProxy> proxies = new LinkedHashMap<>();

	@BeforeEach
	void startProxies() {
		this.mongoServer = MongoTestServer.start();
		this.proxies.put("jdbc", FaultProxy.to("127.0.0.1", PrivatePostgres.shared().port()));
		this.proxies.put("mongo", FaultProxy.to("127.0.0.1", this.mongoServer.port()));
		this.proxies.put("redis", FaultProxy.to("127.0.0.1", PrivateRedis.shared().port()));
	}

	@AfterEach
	void stopProxies() {
		this.proxies.values().forEach(FaultProxy::close);
		this.mongoServer.close();
	}

	@ParameterizedTest
	@ValueSource(strings = { "jdbc", "mongo", "redis" })
	void blackholedStoreShouldBeDownAtOnceWithoutSlowingHealthThenRecover(String broken) {
		runner().run((context) -> {
			assertThat(context).hasNotFailed();
			AvailabilityChangeEvent.publish(context, LivenessState.CORRECT);
			AvailabilityChangeEvent.publish(context, ReadinessState.ACCEPTING_TRAFFIC);
			HealthEndpoint health = context.getBean(HealthEndpoint.class);
			for (String store : this.proxies.keySet()) {
				awaitStatus(health, store, Status.UP);
			}
			assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
			for (String bootIndicator : List.of("db", "mongo", "redis")) {
				assertThat(health.healthForPath(bootIndicator)).as(bootIndicator).isNull();
			}

			long brokenAt = System.nanoTime();
			this.proxies.get(broken).blackhole();
			awaitStatus(health, broken, Status.DOWN);
			Duration toDown = Duration.ofNanos(System.nanoTime() - brokenAt);

			Timings whole = measure(health::health);
			Timings resilientDb = measure(() -> health.healthForPath("resilientDb"));
			Timings readiness = measure(() -> health.healthForPath("readiness"));
			for (String store : this.proxies.keySet()) {
				assertThat(status(health, store)).isEqualTo(store.equals(broken) ? Status.DOWN : Status.UP);
			}
			assertThat(health.healthForPath("resilientDb").getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.DOWN);
			assertThat(health.healthForPath("liveness").getStatus()).isEqualTo(Status.UP);
			assertThat(HealthDescriptors.render(health.healthForPath("resilientDb", broken)))
				.contains("lastError=", "consecutiveFailures=");
			assertThat(whole.max()).isLessThan(Duration.ofSeconds(1));
			assertThat(readiness.max()).isLessThan(Duration.ofSeconds(1));

			long repairedAt = System.nanoTime();
			this.proxies.get(broken).pass();
			awaitStatus(health, broken, Status.UP);
			Duration toUp = Duration.ofNanos(System.nanoTime() - repairedAt);
			assertThat(health.healthForPath("readiness").getStatus()).isEqualTo(Status.UP);
			assertThat(toUp).isLessThan(Duration.ofSeconds(10));

			System.out.printf("[health-latency] %s black-holed: DOWN after %d ms; health() %s; "
					+ "health/resilientDb %s; health/readiness %s; UP again %d ms after the store returned "
					+ "(probe interval %d ms)%n", broken, toDown.toMillis(), whole, resilientDb, readiness,
					toUp.toMillis(), INTERVAL.toMillis());
		});
	}

	@Test
	void everyStoreHungWithNothingConfiguredShouldNeverSlowHealth() {
		defaultsRunner().run((context) -> {
			assertThat(context).hasNotFailed();
			HealthEndpoint health = context.getBean(HealthEndpoint.class);
			for (String store : this.proxies.keySet()) {
				awaitStatus(health, store, Status.UP);
			}
			for (String bootIndicator : List.of("db", "mongo", "redis")) {
				assertThat(health.healthForPath(bootIndicator)).as(bootIndicator).isNull();
			}
			long brokenAt = System.nanoTime();
			this.proxies.values().forEach(FaultProxy::blackhole);
			List<Long> nanos = new ArrayList<>();
			while (!Status.DOWN.equals(health.health().getStatus())
					|| this.proxies.keySet().stream().anyMatch((store) -> !Status.DOWN.equals(status(health, store)))) {
				long start = System.nanoTime();
				assertThat(health.health()).isNotNull();
				nanos.add(System.nanoTime() - start);
				assertThat(Duration.ofNanos(System.nanoTime() - brokenAt)).isLessThan(WAIT);
				sleep(Duration.ofMillis(20));
			}
			Duration toDown = Duration.ofNanos(System.nanoTime() - brokenAt);
			for (int i = 0; i < MEASUREMENTS; i++) {
				long start = System.nanoTime();
				assertThat(health.health().getStatus()).isEqualTo(Status.DOWN);
				nanos.add(System.nanoTime() - start);
			}
			Collections.sort(nanos);
			Duration max = Duration.ofNanos(nanos.get(nanos.size() - 1));
			assertThat(max).isLessThan(Duration.ofSeconds(1));
			System.out.printf("[health-latency] defaults, every store hung: all DOWN after %d ms; %d health() "
					+ "calls, median %.3f ms, max %.3f ms%n", toDown.toMillis(), nanos.size(),
					nanos.get(nanos.size() / 2) / 1e6, max.toNanos() / 1e6);
			this.proxies.values().forEach(FaultProxy::pass);
		});
	}

	private ApplicationContextRunner defaultsRunner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(autoConfigurations()))
			.withPropertyValues(
					"spring.datasource.url=jdbc:postgresql://127.0.0.1:" + port("jdbc") + "/test",
					"spring.datasource.username=" + PrivatePostgres.shared().user(),
					"spring.mongodb.uri=mongodb://127.0.0.1:" + port("mongo") + "/test",
					"spring.data.redis.url=redis://127.0.0.1:" + port("redis"));
	}

	private static Class<?>[] autoConfigurations() {
		return new Class<?>[] { DataSourceAutoConfiguration.class, MongoAutoConfiguration.class,
				DataRedisAutoConfiguration.class, JdbcResilientDbAutoConfiguration.class,
				MongoResilientDbAutoConfiguration.class, RedisResilientDbAutoConfiguration.class,
				ResilientDbAutoConfiguration.class, ResilientDbHealthAutoConfiguration.class, JdbcProbeAutoConfiguration.class,
					MongoProbeAutoConfiguration.class, RedisProbeAutoConfiguration.class,
				EndpointAutoConfiguration.class, ApplicationAvailabilityAutoConfiguration.class,
				AvailabilityHealthContributorAutoConfiguration.class, AvailabilityProbesAutoConfiguration.class,
				HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
				HealthEndpointAutoConfiguration.class, DataSourceHealthContributorAutoConfiguration.class,
				MongoHealthContributorAutoConfiguration.class, DataRedisHealthContributorAutoConfiguration.class,
				DataRedisReactiveHealthContributorAutoConfiguration.class };
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(autoConfigurations()))
			.withPropertyValues(
					"spring.datasource.url=jdbc:postgresql://127.0.0.1:" + port("jdbc") + "/test",
					"spring.datasource.username=" + PrivatePostgres.shared().user(),
					"spring.datasource.hikari.connection-timeout=1000",
					"spring.datasource.hikari.validation-timeout=250",
					"spring.datasource.hikari.maximum-pool-size=2",
					"spring.mongodb.uri=mongodb://127.0.0.1:" + port("mongo")
							+ "/test?connectTimeoutMS=1000&serverSelectionTimeoutMS=1000",
					"spring.data.redis.url=redis://127.0.0.1:" + port("redis"),
					"spring.data.redis.timeout=1s", "spring.data.redis.connect-timeout=1s",
					"resilientdb.health.interval=" + INTERVAL.toMillis() + "ms",
					"resilientdb.health.unhealthy-interval=" + INTERVAL.toMillis() + "ms",
					"resilientdb.health.timeout=300ms", "resilientdb.health.latency-threshold=2s",
					"management.endpoint.health.show-details=always");
	}

	private int port(String store) {
		return this.proxies.get(store).port();
	}

	private static void awaitStatus(HealthEndpoint health, String store, Status status) {
		await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> status.equals(status(health, store)));
	}

	private static Status status(HealthEndpoint health, String store) {
		HealthDescriptor descriptor = health.healthForPath("resilientDb", store);
		return (descriptor != null) ? descriptor.getStatus() : Status.UNKNOWN;
	}

	private static Timings measure(Supplier<HealthDescriptor> call) {
		List<Long> nanos = new ArrayList<>();
		for (int i = 0; i < MEASUREMENTS; i++) {
			long start = System.nanoTime();
			assertThat(call.get()).isNotNull();
			nanos.add(System.nanoTime() - start);
		}
		Collections.sort(nanos);
		return new Timings(Duration.ofNanos(nanos.get(nanos.size() / 2)),
				Duration.ofNanos(nanos.get((int) (nanos.size() * 0.99) - 1)),
				Duration.ofNanos(nanos.get(nanos.size() - 1)));
	}

	private record Timings(Duration median, Duration p99, Duration max) {

		@Override
		public String toString() {
			return String.format("median %.3f ms, p99 %.3f ms, max %.3f ms", this.median.toNanos() / 1e6,
					this.p99.toNanos() / 1e6, this.max.toNanos() / 1e6);
		}

	}

}
