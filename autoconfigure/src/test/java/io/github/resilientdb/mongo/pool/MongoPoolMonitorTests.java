package io.github.resilientdb.mongo.pool;

import java.util.concurrent.TimeUnit;

import com.mongodb.ServerAddress;
import com.mongodb.connection.ClusterId;
import com.mongodb.connection.ConnectionId;
import com.mongodb.connection.ConnectionPoolSettings;
import com.mongodb.connection.ServerId;
import com.mongodb.event.ConnectionCheckOutFailedEvent;
import com.mongodb.event.ConnectionCheckOutStartedEvent;
import com.mongodb.event.ConnectionCheckedInEvent;
import com.mongodb.event.ConnectionCheckedOutEvent;
import com.mongodb.event.ConnectionClosedEvent;
import com.mongodb.event.ConnectionCreatedEvent;
import com.mongodb.event.ConnectionPoolClosedEvent;
import com.mongodb.event.ConnectionPoolCreatedEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MongoPoolMonitor} follows the driver's pool events.
 */
@ExtendWith(OutputCaptureExtension.class)
class MongoPoolMonitorTests {

	private final MongoPoolMonitor monitor = new MongoPoolMonitor();

	private final ServerId server = new ServerId(new ClusterId(), new ServerAddress("db1", 27017));

	@Test
	void statsAreEmptyBeforeAnyPoolIsCreated() {
		assertThat(this.monitor.stats()).isEmpty();
	}

	@Test
	void statsFollowConnectionsCheckOutsAndWaiters() {
		created(ConnectionPoolSettings.builder().minSize(1).maxSize(3).build());
		ConnectionId first = new ConnectionId(this.server);
		ConnectionId second = new ConnectionId(this.server);
		this.monitor.connectionCreated(new ConnectionCreatedEvent(first));
		this.monitor.connectionCreated(new ConnectionCreatedEvent(second));
		this.monitor.connectionCheckOutStarted(new ConnectionCheckOutStartedEvent(this.server, 1));
		this.monitor.connectionCheckOutStarted(new ConnectionCheckOutStartedEvent(this.server, 2));
		this.monitor.connectionCheckOutStarted(new ConnectionCheckOutStartedEvent(this.server, 3));
		this.monitor.connectionCheckedOut(new ConnectionCheckedOutEvent(first, 1, 0));
		assertThat(this.monitor.stats()).containsExactly(new MongoPoolStats("db1:27017", 1, 3, 2, 1, 2, 0));
		this.monitor.connectionCheckOutFailed(new ConnectionCheckOutFailedEvent(this.server, 2,
				ConnectionCheckOutFailedEvent.Reason.CONNECTION_ERROR, 0));
		this.monitor.connectionCheckedIn(new ConnectionCheckedInEvent(first, 1));
		this.monitor.connectionClosed(new ConnectionClosedEvent(second, ConnectionClosedEvent.Reason.IDLE));
		assertThat(this.monitor.stats()).containsExactly(new MongoPoolStats("db1:27017", 1, 3, 1, 0, 1, 0));
	}

	@Test
	void checkOutTimeoutIsCountedAndLoggedWithThePoolCounts(CapturedOutput output) {
		created(ConnectionPoolSettings.builder().maxSize(2).build());
		this.monitor.connectionCheckOutStarted(new ConnectionCheckOutStartedEvent(this.server, 1));
		this.monitor.connectionCheckOutFailed(new ConnectionCheckOutFailedEvent(this.server, 1,
				ConnectionCheckOutFailedEvent.Reason.TIMEOUT, TimeUnit.MILLISECONDS.toNanos(300)));
		assertThat(this.monitor.stats().get(0).checkOutTimeouts()).isOne();
		assertThat(output).contains("Timed out after 300 ms waiting for a connection to MongoDB server db1:27017: "
				+ "max-size 2, open 0, checked out 0, waiting 0, timeouts so far 1");
	}

	@Test
	void closedPoolIsForgotten() {
		created(ConnectionPoolSettings.builder().build());
		this.monitor.connectionPoolClosed(new ConnectionPoolClosedEvent(this.server));
		this.monitor.connectionCreated(new ConnectionCreatedEvent(new ConnectionId(this.server)));
		assertThat(this.monitor.stats()).isEmpty();
	}

	private void created(ConnectionPoolSettings settings) {
		this.monitor.connectionPoolCreated(new ConnectionPoolCreatedEvent(this.server, settings));
	}

}
