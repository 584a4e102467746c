package io.github.resilientdb.mongo.integration;

import java.time.Duration;

import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
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
import io.github.resilientdb.test.server.MongoTestServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoReactiveAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoReactiveAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.mongodb.core.ReactiveMongoTemplate;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.util.ClassUtils;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * A reactive application without the synchronous driver on its class path at all, as
 * {@code spring-boot-starter-data-mongodb-reactive} brings it: run by the surefire execution
 * {@code without-mongodb-driver-sync}, which leaves {@code mongodb-driver-sync} out, against mongo-java-server over
 * TCP. Nothing here may refer to a class of the synchronous driver. Named with {@code -Dtest}, it runs in that
 * execution only.
 */
@EnabledIfSystemProperty(named = "resilientdb.test.without-mongodb-driver-sync", matches = "true",
		disabledReason = "run by the surefire execution without-mongodb-driver-sync")
class MongoWithoutSyncDriverTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	@Test
	void reactiveClientWithoutTheSyncDriverShouldBeTheMongoDatastore() {
		assertThat(ClassUtils.isPresent("com.mongodb.client.MongoClient", null)).as("the synchronous driver")
			.isFalse();
		try (MongoTestServer server = MongoTestServer.start()) {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(MongoReactiveAutoConfiguration.class,
						DataMongoReactiveAutoConfiguration.class, MongoResilientDbAutoConfiguration.class,
						ResilientDbAutoConfiguration.class, ResilientDbHealthAutoConfiguration.class,
						MongoProbeAutoConfiguration.class))
				.withBean(Accounts.class)
				.withPropertyValues("spring.mongodb.uri=" + server.connectionString(),
						"resilientdb.health.interval=200ms")
				.run((context) -> {
					assertThat(context).hasNotFailed().hasSingleBean(ReactiveMongoDatastoreProbe.class);
					assertThat(context.getBean(MethodPolicies.class).datastores().names()).containsExactly("mongo");
					assertThat(context.getBean(Accounts.class).count().block(WAIT)).isZero();
					assertThat(context.getBean(MongoDatastorePool.class).stats()).singleElement()
						.satisfies((pool) -> assertThat(pool.maxSize()).isEqualTo(50));
					DatastoreHealthMonitor monitor = context.getBean(DatastoreHealthMonitor.class);
					await().atMost(WAIT).until(() -> {
						DatastoreCheck check = monitor.latest("mongo");
						return check != null && check.status() == DatastoreStatus.UP;
					});
				});
		}
	}

	/**
	 * A reactive MongoDB read behind {@code @ResilientDb}.
	 */
	static class Accounts {

		private final ReactiveMongoTemplate template;

		Accounts(ReactiveMongoTemplate template) {
			this.template = template;
		}

		@ResilientDb(datastore = "mongo", idempotency = Idempotency.IDEMPOTENT)
		public Mono<Long> count() {
			return this.template.count(new Query(), "accounts");
		}

	}

}
