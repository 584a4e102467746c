package io.github.resilientdb.mongo.pool;

import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.mongodb.connection.ClusterId;
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
import com.mongodb.event.ConnectionPoolListener;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Keeps the live state of the MongoDB connection pools, one per server of every client it is registered with, for
 * the runtime API of the starter.
 * <p>
 * This is all that can be done at runtime: the driver's pool settings are immutable, and the driver has no public
 * way to resize a pool or to evict its connections, so changing {@code resilientdb.mongo.pool.*} takes a new
 * {@code MongoClient} (a restart). Idle and old connections are closed by the pool itself after
 * {@code max-idle-time} and {@code max-lifetime}.
 * <p>
 * A caller that times out waiting for a connection is logged (at most once a second per pool) with the pool's
 * counts, which the driver's own {@code MongoTimeoutException} leaves out.
 */
public final class MongoPoolMonitor implements ConnectionPoolListener {

	private static final Log logger = LogFactory.getLog(MongoPoolMonitor.class);

	private static final long LOG_INTERVAL = TimeUnit.SECONDS.toNanos(1);

	private final Map<ServerId, Pool> pools = new ConcurrentHashMap<>();

	/**
	 * The state of every open pool, ordered by server.
	 * @return the pool states
	 */
	public List<MongoPoolStats> stats() {
		return stats(null);
	}

	/**
	 * The state of the open pools of one client, ordered by server.
	 * @param cluster the client's cluster, or {@code null} for every client's pools
	 * @return the pool states
	 */
	public List<MongoPoolStats> stats(@Nullable ClusterId cluster) {
		return this.pools.entrySet()
			.stream()
			.filter((entry) -> cluster == null || cluster.equals(entry.getKey().getClusterId()))
			.map((entry) -> entry.getValue().stats(entry.getKey()))
			.sorted(Comparator.comparing(MongoPoolStats::server))
			.toList();
	}

	@Override
	public void connectionPoolCreated(ConnectionPoolCreatedEvent event) {
		this.pools.put(event.getServerId(), new Pool(event.getSettings()));
	}

	@Override
	public void connectionPoolClosed(ConnectionPoolClosedEvent event) {
		this.pools.remove(event.getServerId());
	}

	@Override
	public void connectionCreated(ConnectionCreatedEvent event) {
		update(event.getConnectionId().getServerId(), (pool) -> pool.size.incrementAndGet());
	}

	@Override
	public void connectionClosed(ConnectionClosedEvent event) {
		update(event.getConnectionId().getServerId(), (pool) -> pool.size.decrementAndGet());
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
		update(event.getServerId(), (pool) -> {
			pool.waiting.decrementAndGet();
			if (event.getReason() == ConnectionCheckOutFailedEvent.Reason.TIMEOUT) {
				pool.timeouts.incrementAndGet();
				logTimeout(event, pool);
			}
		});
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

	private static void logTimeout(ConnectionCheckOutFailedEvent event, Pool pool) {
		long now = System.nanoTime();
		long last = pool.lastLogged.get();
		if (logger.isWarnEnabled() && now - last >= LOG_INTERVAL && pool.lastLogged.compareAndSet(last, now)) {
			MongoPoolStats stats = pool.stats(event.getServerId());
			logger.warn("Timed out after " + event.getElapsedTime(TimeUnit.MILLISECONDS)
					+ " ms waiting for a connection to MongoDB server " + stats.server() + ": max-size "
					+ stats.maxSize() + ", open " + stats.size() + ", checked out " + stats.checkedOut()
					+ ", waiting " + stats.waitQueueSize() + ", timeouts so far " + stats.checkOutTimeouts()
					+ " (see resilientdb.mongo.pool.max-size and max-wait)");
		}
	}

	private static final class Pool {

		private final ConnectionPoolSettings settings;

		private final AtomicInteger size = new AtomicInteger();

		private final AtomicInteger checkedOut = new AtomicInteger();

		private final AtomicInteger waiting = new AtomicInteger();

		private final AtomicLong timeouts = new AtomicLong();

		private final AtomicLong lastLogged = new AtomicLong(System.nanoTime() - LOG_INTERVAL);

		Pool(ConnectionPoolSettings settings) {
			this.settings = settings;
		}

		MongoPoolStats stats(ServerId server) {
			return new MongoPoolStats(server.getAddress().toString(), this.settings.getMinSize(),
					this.settings.getMaxSize(), this.size.get(), this.checkedOut.get(), this.waiting.get(),
					this.timeouts.get());
		}

	}

}
