package io.github.resilientdb.mongo.integration;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.mongodb.MongoClientSettings;
import com.mongodb.WriteConcern;
import com.mongodb.reactivestreams.client.MongoClient;
import com.mongodb.reactivestreams.client.internal.MongoClientImpl;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.DatabaseUnavailableException;
import io.github.resilientdb.autoconfigure.DatastoreClients;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.health.DatastoreCheck;
import io.github.resilientdb.health.DatastoreHealthMonitor;
import io.github.resilientdb.health.DatastoreStatus;
import io.github.resilientdb.health.autoconfigure.ResilientDbHealthAutoConfiguration;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import io.github.resilientdb.mongo.autoconfigure.health.MongoProbeAutoConfiguration;
import io.github.resilientdb.mongo.health.ReactiveMongoDatastoreProbe;
import io.github.resilientdb.mongo.pool.MongoDatastorePool;
import io.github.resilientdb.mongo.pool.MongoPoolMonitor;
import io.github.resilientdb.mongo.send.SendTrackingCommandListener;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.registry.HealthContributorRegistry;
import org.springframework.boot.health.registry.ReactiveHealthContributorRegistry;
import org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.health.MongoReactiveHealthContributorAutoConfiguration;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The tests of {@link ReactiveMongoIntegrationTests} and more, in an application whose only MongoDB client is the
 * reactive one Spring Boot builds (Spring Data MongoDB reactive, no synchronous {@code MongoClient} bean): that client
 * is the {@code mongo} datastore, with its breaker, pool defaults and probe.
 */
class ReactiveOnlyMongoIntegrationTests extends ReactiveMongoIntegrationTests {

	private static final String[] FAST_PROBES = { "resilientdb.health.interval=200ms",
			"resilientdb.health.unhealthy-interval=200ms", "resilientdb.health.timeout=2s",
			"resilientdb.health.latency-threshold=3s" };

	@Override
	AutoConfigurations autoConfigurations() {
		return AutoConfigurations.of(MongoReactiveAutoConfiguration.class, DataMongoReactiveAutoConfiguration.class,
				MongoResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class,
				ResilientDbHealthAutoConfiguration.class, MongoProbeAutoConfiguration.class,
				EndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class,
				HealthContributorRegistryAutoConfiguration.class,
				MongoReactiveHealthContributorAutoConfiguration.class);
	}

	@Test
	void reactiveClientAloneShouldBeTheMongoDatastore() {
		run((app) -> {
			ApplicationContext context = app.context();
			assertThat(context.getBeanNamesForType(com.mongodb.client.MongoClient.class)).isEmpty();
			assertThat(context.getBean(MethodPolicies.class).datastores().names()).containsExactly("mongo");
			assertThat(context.getBean("mongoDatastoreClients", DatastoreClients.class).datastoresByBean())
				.containsExactly(Map.entry("reactiveStreamsMongoClient", "mongo"));
			assertThat(app.context()).hasSingleBean(ReactiveMongoDatastoreProbe.class)
				.doesNotHaveBean(SendTrackingCommandListener.class);
			app.accounts().count().block(WAIT);
			assertThat(MongoDatastorePool.ofMonitored("mongo", context.getBean(MongoPoolMonitor.class),
					context.getBean(MongoClient.class)))
				.as("the pool view of the reactive client's own cluster")
				.isNotNull();
			assertThat(context.getBean(MongoDatastorePool.class).stats()).as("the reactive client's pool")
				.singleElement()
				.satisfies((pool) -> assertThat(pool.maxSize()).isEqualTo(50));
		});
	}

	@Test
	void poolDefaultsShouldBeOnTheReactiveClientsSettings() {
		run((app) -> {
			MongoClientSettings settings = settings(app);
			assertThat(settings.getConnectionPoolSettings().getMaxSize()).isEqualTo(50);
			assertThat(settings.getConnectionPoolSettings().getMinSize()).isEqualTo(10);
			assertThat(settings.getConnectionPoolSettings().getMaxWaitTime(TimeUnit.MILLISECONDS)).isEqualTo(1000);
			assertThat(settings.getConnectionPoolSettings().getMaxConnectionIdleTime(TimeUnit.SECONDS)).isEqualTo(30);
			assertThat(settings.getConnectionPoolSettings().getConnectionPoolListeners())
				.contains(app.context().getBean(MongoPoolMonitor.class));
			assertThat(settings.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS)).isEqualTo(2000);
			assertThat(settings.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS)).isEqualTo(2000);
			assertThat(settings.getWriteConcern())
				.isEqualTo(WriteConcern.MAJORITY.withJournal(true).withWTimeout(5, TimeUnit.SECONDS));
			assertThat(settings.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS))
				.as("the URI wins").isEqualTo(5000);
		});
		run((app) -> assertThat(settings(app).getConnectionPoolSettings().getMaxSize()).isEqualTo(20),
				"resilientdb.mongo.pool.max-size=20");
	}

	@Test
	void refusedConnectionShouldOpenTheBreakerAndLaterCallsShouldBeRejectedWithASignal() {
		run((app) -> {
			assertThat(app.accounts().count().block(WAIT)).isZero();
			this.proxy.refuseNewConnections();
			this.proxy.resetLiveConnections();
			await().atMost(WAIT).until(() -> {
				// Failures are what opens the breaker.
				app.accounts().count().onErrorReturn(-1L).block(WAIT);
				return app.breaker().getState() == CircuitBreaker.State.OPEN;
			});
			Mono<Long> rejected = app.accounts().count();
			assertThat(failureOf(rejected.toFuture())).isInstanceOf(DatabaseUnavailableException.class);
		});
	}

	@Test
	void probeShouldReportDownWhileConnectionsAreRefusedAndUpAfter() {
		run((app) -> {
			awaitStatus(app, DatastoreStatus.UP);
			this.proxy.refuseNewConnections();
			this.proxy.resetLiveConnections();
			DatastoreCheck down = awaitStatus(app, DatastoreStatus.DOWN);
			assertThat(down.error()).isNotNull();
			this.proxy.pass();
			awaitStatus(app, DatastoreStatus.UP);
		}, FAST_PROBES);
	}

	@Test
	void probeShouldReplaceBootsReactiveMongoContributor() {
		run((app) -> {
			assertThat(app.context()).hasBean("mongoHealthContributor");
			assertThat(bootsMongoContributor(app)).isFalse();
		});
		run((app) -> assertThat(bootsMongoContributor(app)).isTrue(),
				"resilientdb.health.replace-boot-indicators=false");
	}

	private static boolean bootsMongoContributor(App app) {
		boolean blocking = app.context()
			.getBeanProvider(HealthContributorRegistry.class)
			.stream()
			.anyMatch((registry) -> registry.getContributor("mongo") != null);
		boolean reactive = app.context()
			.getBeanProvider(ReactiveHealthContributorRegistry.class)
			.stream()
			.anyMatch((registry) -> registry.getContributor("mongo") != null);
		return blocking || reactive;
	}

	private static MongoClientSettings settings(App app) {
		return ((MongoClientImpl) app.context().getBean(MongoClient.class)).getSettings();
	}

	private static DatastoreCheck awaitStatus(App app, DatastoreStatus status) {
		DatastoreHealthMonitor monitor = app.context().getBean(DatastoreHealthMonitor.class);
		await().atMost(WAIT).pollInterval(Duration.ofMillis(20)).until(() -> {
			DatastoreCheck check = monitor.latest("mongo");
			return check != null && check.status() == status;
		});
		return monitor.latest("mongo");
	}

}
