package io.github.resilientdb.test;

import java.time.Duration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.health.DatastoreStatus;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.MongoTestServer;
import io.github.resilientdb.test.server.PrivatePostgres;
import io.github.resilientdb.test.server.PrivateRedis;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@link ResilientDbChaos} on a real application with PostgreSQL, Redis and MongoDB configured by {@code spring.*}
 * properties, each a real server on this machine (private PostgreSQL and Redis processes, mongo-java-server).
 */
@SpringBootTest(classes = ChaosTestApplication.class,
		properties = { "spring.data.redis.timeout=2s", "spring.mongodb.uri=${chaos-test.mongo-uri}" })
@ResilientDbChaos
class ResilientDbChaosTests {

	private static final MongoTestServer MONGO = MongoTestServer.start();

	@Autowired
	private ChaosProxies chaos;

	@Autowired
	private ResilientDbAssertions resilientDb;

	@Autowired
	private ChaosTestApplication.Orders orders;

	@Autowired
	private ChaosTestApplication.Counters counters;

	@Autowired
	private ChaosTestApplication.Notes notes;

	@Autowired
	private DataSource dataSource;

	@DynamicPropertySource
	static void datastores(DynamicPropertyRegistry registry) {
		registry.add("spring.datasource.url",
				() -> PrivatePostgres.shared().jdbcUrl() + "?connectTimeout=2&socketTimeout=3");
		registry.add("spring.datasource.username", () -> PrivatePostgres.shared().user());
		registry.add("spring.data.redis.host", () -> "127.0.0.1");
		registry.add("spring.data.redis.port", () -> PrivateRedis.shared().port());
		registry.add("chaos-test.mongo-uri", MONGO::connectionString);
	}

	@Test
	void everyDatastoreIsReachedThroughItsOwnProxy() {
		this.orders.count();
		this.counters.set("chaos-kit", "on");
		this.notes.count();

		assertThat(((HikariDataSource) this.dataSource).getJdbcUrl())
			.startsWith("jdbc:postgresql://127.0.0.1:" + this.chaos.jdbc().port() + "/test?");
		assertThat(this.chaos.all()).hasSize(3).doesNotHaveDuplicates();
		assertThat(this.chaos.jdbc().liveConnections()).isPositive();
		assertThat(this.chaos.redis().liveConnections()).isPositive();
		assertThat(this.chaos.mongo().liveConnections()).isPositive();
		assertThat(this.chaos.datastore("jdbcConnectionDetails")).isSameAs(this.chaos.jdbc());
	}

	@Test
	void refusedAndResetDatabaseOpensTheBreakerRejectsCallsAndRecovers() {
		this.orders.count();
		this.chaos.jdbc().refuseNewConnections();
		this.chaos.jdbc().resetLiveConnections();

		this.resilientDb.awaitBreaker("jdbc", CircuitBreaker.State.OPEN, this.orders::count);
		this.resilientDb.assertRejected("jdbc", this.orders::count);
		this.resilientDb.awaitHealth("jdbc", DatastoreStatus.DOWN);

		this.chaos.jdbc().pass();
		assertThat(this.resilientDb.awaitSuccess(this.orders::count)).isNotNegative();
		this.resilientDb.awaitBreaker("jdbc", CircuitBreaker.State.CLOSED, this.orders::count);
		this.resilientDb.awaitHealth("jdbc", DatastoreStatus.UP);
	}

	@Test
	void droppedRepliesToInsertsAreAmbiguousFailuresYetNoWriteIsLostOrAppliedTwice() {
		WriteLedger ledger = new WriteLedger();
		this.chaos.jdbc().dropReplies(3, FaultProxy.requestsContaining("insert into " + ChaosTestApplication.ORDERS_TABLE));
		for (int i = 0; i < 20; i++) {
			String id = ledger.newId();
			try {
				this.orders.place(id);
				ledger.acknowledged(id);
			}
			catch (RuntimeException ex) {
				ledger.failed(id);
			}
		}

		WriteLedger.Report report = ledger.verify(directToPostgres(),
				"select request_id, count(*) from " + ChaosTestApplication.ORDERS_TABLE + " group by request_id");
		report.assertNothingLostOrDuplicated();
		assertThat(this.chaos.jdbc().droppedReplies()).isEqualTo(3);
		assertThat(report.acknowledged() + report.failed()).isEqualTo(20);
		assertThat(report.failed()).isGreaterThanOrEqualTo(3);
		assertThat(report.failedButApplied()).as("each insert whose reply was dropped was applied").isEqualTo(3);
	}

	@Test
	void blackholedRedisTimesOutThenAnswersAgainAfterPass() {
		this.counters.set("chaos-kit", "before");
		this.chaos.redis().blackhole();
		assertThatException().isThrownBy(() -> this.counters.get("chaos-kit"));

		this.chaos.redis().pass();
		assertThat(this.resilientDb.<String>awaitSuccess(() -> this.counters.get("chaos-kit"))).isEqualTo("before");
	}

	@Test
	void latencyIsAddedToEveryRedisRoundTrip() {
		this.counters.get("chaos-kit");
		this.chaos.redis().latency(Duration.ofMillis(150));
		long started = System.nanoTime();
		this.counters.get("chaos-kit");
		assertThat(Duration.ofNanos(System.nanoTime() - started)).isGreaterThanOrEqualTo(Duration.ofMillis(300));
	}

	@Test
	void resetMongoConnectionsFailOrRetryThenWorkAgain() {
		long before = this.resilientDb.awaitSuccess(this.notes::count);
		this.notes.add("first");
		this.chaos.mongo().refuseNewConnections();
		this.chaos.mongo().resetLiveConnections();
		assertThatException().isThrownBy(this.notes::count);

		this.chaos.mongo().pass();
		assertThat(this.resilientDb.awaitSuccess(this.notes::count)).isEqualTo(before + 1);
	}

	private static DataSource directToPostgres() {
		PrivatePostgres postgres = PrivatePostgres.shared();
		return new DriverManagerDataSource(postgres.jdbcUrl(), postgres.user(), postgres.password());
	}

}
