package io.github.resilientdb.mongo.health;

import java.time.Duration;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.github.resilientdb.health.PoolUsage;
import io.github.resilientdb.mongo.pool.MongoPoolMonitor;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.MongoTestServer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

class MongoDatastoreProbeTests {

	private static final Duration TIMEOUT = Duration.ofMillis(500);

	@Test
	void checkShouldPingMongoJavaServerAndCountThePool() {
		MongoPoolMonitor listener = new MongoPoolMonitor();
		try (MongoTestServer server = MongoTestServer.start(); MongoClient client = client(server.port(), listener)) {
			MongoDatastoreProbe probe = new MongoDatastoreProbe(client, listener, null);
			assertThat(probe.type()).isEqualTo("mongo");
			probe.check(TIMEOUT);
			PoolUsage pool = probe.pool();
			assertThat(pool).isEqualTo(PoolUsage.of(0, 1, 0, 4));
		}
	}

	@Test
	void poolWithoutListenerShouldBeUnknown() {
		try (MongoTestServer server = MongoTestServer.start();
				MongoClient client = client(server.port(), new MongoPoolMonitor())) {
			assertThat(new MongoDatastoreProbe(client, null, "pw").pool()).isNull();
			assertThat(new MongoDatastoreProbe(client, null, "pw").secrets()).containsExactly("pw");
		}
	}

	@Test
	void checkOfUnreachableServerShouldFailWithinTheTimeout() {
		MongoPoolMonitor listener = new MongoPoolMonitor();
		try (MongoTestServer server = MongoTestServer.start();
				FaultProxy proxy = FaultProxy.to("127.0.0.1", server.port());
				MongoClient client = client(proxy.port(), listener)) {
			MongoDatastoreProbe probe = new MongoDatastoreProbe(client, listener, null);
			probe.check(TIMEOUT);
			proxy.blackhole();
			long start = System.nanoTime();
			assertThatException().isThrownBy(() -> probe.check(TIMEOUT));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(TIMEOUT.multipliedBy(3));
		}
	}

	private static MongoClient client(int port, MongoPoolMonitor listener) {
		return MongoClients.create(MongoClientSettings.builder()
			.applyConnectionString(new ConnectionString("mongodb://127.0.0.1:" + port + "/test?maxPoolSize=4"))
			.applyToConnectionPoolSettings((pool) -> pool.addConnectionPoolListener(listener))
			.build());
	}

}
