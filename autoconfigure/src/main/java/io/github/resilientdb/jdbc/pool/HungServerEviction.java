package io.github.resilientdb.jdbc.pool;

import java.net.SocketTimeoutException;
import java.sql.SQLException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.SQLExceptionOverride;
import io.github.resilientdb.classify.Throwables;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Evicts every connection of a pool when one of them times out reading from the server: a server that stopped
 * answering on one connection has stopped on all of them, and each would otherwise hold its next caller until its
 * own socket timeout. Idle connections are closed at once, those in use when they return; the pool opens new ones,
 * whose failures are quick and safe to repeat. At most one eviction per {@code quietPeriod}.
 * <p>
 * HikariCP asks this override about every failure of a connection; the connection that failed is evicted as
 * HikariCP decides on its own ({@link Override#CONTINUE_EVICT}).
 */
public final class HungServerEviction implements SQLExceptionOverride {

	private static final Log logger = LogFactory.getLog(HungServerEviction.class);

	private final HikariDataSource dataSource;

	private final long quietPeriodNanos;

	private final AtomicLong lastEviction = new AtomicLong(System.nanoTime() - TimeUnit.DAYS.toNanos(1));

	/**
	 * Creates an override for a pool.
	 * @param dataSource the pool whose connections are evicted
	 * @param quietPeriodMillis the least time between two evictions, in milliseconds
	 */
	public HungServerEviction(HikariDataSource dataSource, long quietPeriodMillis) {
		this.dataSource = dataSource;
		this.quietPeriodNanos = TimeUnit.MILLISECONDS.toNanos(quietPeriodMillis);
	}

	@java.lang.Override
	public Override adjudicate(SQLException exception) {
		if (Throwables.find(exception, SocketTimeoutException.class) != null) {
			evictAll();
		}
		return Override.CONTINUE_EVICT;
	}

	private void evictAll() {
		long now = System.nanoTime();
		long last = this.lastEviction.get();
		if (now - last < this.quietPeriodNanos || !this.lastEviction.compareAndSet(last, now)) {
			return;
		}
		HikariPoolMXBean pool = this.dataSource.getHikariPoolMXBean();
		if (pool != null) {
			logger.warn("HikariCP pool '" + this.dataSource.getPoolName() + "': a connection timed out reading "
					+ "from the database; evicting every connection of the pool");
			pool.softEvictConnections();
		}
	}

}
