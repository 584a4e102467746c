package io.github.resilientdb.health.mongo;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

import com.mongodb.connection.ServerId;
import com.mongodb.event.ConnectionCheckOutFailedEvent;
import com.mongodb.event.ConnectionCheckOutStartedEvent;
import com.mongodb.event.ConnectionCheckedInEvent;
import com.mongodb.event.ConnectionCheckedOutEvent;
import com.mongodb.event.ConnectionClosedEvent;
import com.mongodb.event.ConnectionCreatedEvent;
import com.mongodb.event.ConnectionPoolClosedEvent;
import com.mongodb.event.ConnectionPoolCreatedEvent;
import com.mongodb.event.ConnectionPoolListener;
import io.github.resilientdb.health.PoolUsage;
import org.jspecify.annotations.Nullable;

/**
 * Counts the connections of the MongoDB driver's pools, one per server, from the driver's pool events. The usage
 * reported is that of the busiest server's pool, since a replica set saturates one server at a time (usually the
 * primary).
 */
public final class MongoPoolUsageListener implements ConnectionPoolListener {

	private final Map<ServerId, Pool> pools = new ConcurrentHashMap<>();

	/**
	 * The use of the busiest server's pool.
	 * @return the pool's use, or {@code null} before the client has opened a pool
	 */
	public @Nullable PoolUsage usage() {
		PoolUsage busiest = null;
		for (Pool pool : this.pools.values()) {
			PoolUsage usage = pool.usage();
			if (busiest == null || usage.utilisation() > busiest.utilisation()
					|| (usage.utilisation() == busiest.utilisation() && usage.pending() > busiest.pending())) {
				busiest = usage;
			}
		}
		return busiest;
	}

	@Override
	public void connectionPoolCreated(ConnectionPoolCreatedEvent event) {
		this.pools.put(event.getServerId(), new Pool(event.getSettings().getMaxSize()));
	}

	@Override
	public void connectionPoolClosed(ConnectionPoolClosedEvent event) {
		this.pools.remove(event.getServerId());
	}

	@Override
	public void connectionCreated(ConnectionCreatedEvent event) {
		update(event.getConnectionId().getServerId(), (pool) -> pool.open.incrementAndGet());
	}

	@Override
	public void connectionClosed(ConnectionClosedEvent event) {
		update(event.getConnectionId().getServerId(), (pool) -> pool.open.decrementAndGet());
	}

	@Override
	public void connectionCheckOutStarted(ConnectionCheckOutStartedEvent event) {
		update(event.getServerId(), (pool) -> pool.waiting.incrementAndGet());
	}

	@Override
	public void connectionCheckedOut(ConnectionCheckedOutEvent event) {
		update(event.getConnectionId().getServerId(), (pool) -> {
			pool.waiting.decrementAndGet();
			pool.checkedOut.incrementAndGet();
		});
	}

	@Override
	public void connectionCheckOutFailed(ConnectionCheckOutFailedEvent event) {
		update(event.getServerId(), (pool) -> pool.waiting.decrementAndGet());
	}

	@Override
	public void connectionCheckedIn(ConnectionCheckedInEvent event) {
		update(event.getConnectionId().getServerId(), (pool) -> pool.checkedOut.decrementAndGet());
	}

	private void update(ServerId server, Consumer<Pool> action) {
		Pool pool = this.pools.get(server);
		if (pool != null) {
			action.accept(pool);
		}
	}

	private static final class Pool {

		private final int maxSize;

		private final AtomicInteger open = new AtomicInteger();

		private final AtomicInteger checkedOut = new AtomicInteger();

		private final AtomicInteger waiting = new AtomicInteger();

		Pool(int maxSize) {
			this.maxSize = maxSize;
		}

		PoolUsage usage() {
			int active = Math.max(0, this.checkedOut.get());
			int idle = Math.max(0, this.open.get() - active);
			return PoolUsage.of(active, idle, Math.max(0, this.waiting.get()), this.maxSize);
		}

	}

}
