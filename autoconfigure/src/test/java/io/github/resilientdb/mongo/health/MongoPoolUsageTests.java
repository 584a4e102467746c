package io.github.resilientdb.mongo.health;

import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterId;
import com.mongodb.connection.ConnectionId;
import com.mongodb.connection.ConnectionPoolSettings;
import com.mongodb.connection.ServerId;
import com.mongodb.event.ConnectionCheckOutStartedEvent;
import com.mongodb.event.ConnectionCheckedInEvent;
import com.mongodb.event.ConnectionCheckedOutEvent;
import com.mongodb.event.ConnectionCreatedEvent;
import com.mongodb.event.ConnectionPoolClosedEvent;
import com.mongodb.event.ConnectionPoolCreatedEvent;
import io.github.resilientdb.health.PoolUsage;
import io.github.resilientdb.mongo.pool.MongoPoolMonitor;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class MongoPoolUsageTests {

	private final ClusterId cluster = new ClusterId();

	private final ServerId primary = new ServerId(this.cluster, new ServerAddress("db1", 27017));

	private final ServerId secondary = new ServerId(this.cluster, new ServerAddress("db2", 27017));

	private final MongoPoolMonitor listener = new MongoPoolMonitor();

	@Test
	void usageBeforeAnyPoolShouldBeUnknown() {
		assertThat(MongoDatastoreProbe.busiest(this.listener.stats())).isNull();
	}

	@Test
	void usageShouldBeThatOfTheBusiestServer() {
		open(this.primary, 10);
		open(this.secondary, 10);
		for (int i = 0; i < 3; i++) {
			connect(this.secondary, i, false);
		}
		for (int i = 0; i < 9; i++) {
			connect(this.primary, i, true);
		}
		this.listener.connectionCheckOutStarted(new ConnectionCheckOutStartedEvent(this.primary, 100));
		assertThat(MongoDatastoreProbe.busiest(this.listener.stats())).isEqualTo(PoolUsage.of(9, 0, 1, 10));
	}

	@Test
	void checkedInConnectionsShouldBeIdle() {
		open(this.primary, 5);
		connect(this.primary, 1, true);
		this.listener.connectionCheckedIn(new ConnectionCheckedInEvent(new ConnectionId(this.primary, 1, null), 1));
		assertThat(MongoDatastoreProbe.busiest(this.listener.stats())).isEqualTo(PoolUsage.of(0, 1, 0, 5));
	}

	@Test
	void closedPoolShouldBeForgotten() {
		open(this.primary, 5);
		this.listener.connectionPoolClosed(new ConnectionPoolClosedEvent(this.primary));
		assertThat(MongoDatastoreProbe.busiest(this.listener.stats())).isNull();
	}

	private void open(ServerId server, int maxSize) {
		this.listener.connectionPoolCreated(new ConnectionPoolCreatedEvent(server,
				ConnectionPoolSettings.builder().maxSize(maxSize).build()));
	}

	private void connect(ServerId server, long id, boolean checkOut) {
		ConnectionId connection = new ConnectionId(server, id, null);
		this.listener.connectionCreated(new ConnectionCreatedEvent(connection));
		if (checkOut) {
			this.listener.connectionCheckOutStarted(new ConnectionCheckOutStartedEvent(server, id));
			this.listener.connectionCheckedOut(new ConnectionCheckedOutEvent(connection, id, 1));
		}
	}

}
