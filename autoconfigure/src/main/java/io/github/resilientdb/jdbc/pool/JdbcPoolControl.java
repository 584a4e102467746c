package io.github.resilientdb.jdbc.pool;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Objects;
import java.util.Properties;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import com.zaxxer.hikari.util.Credentials;
import com.zaxxer.hikari.util.DriverDataSource;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Controls a running HikariCP pool without a restart, through HikariCP's own MXBeans: statistics, resizing,
 * eviction and credential rotation. Never logs credentials.
 */
public final class JdbcPoolControl {

	private static final Log logger = LogFactory.getLog(JdbcPoolControl.class);

	private final HikariDataSource dataSource;

	/**
	 * Creates a control for a pool.
	 * @param dataSource the pool
	 */
	public JdbcPoolControl(HikariDataSource dataSource) {
		this.dataSource = dataSource;
	}

	/**
	 * Creates a control for the HikariCP pool behind a data source (the pool itself or a proxy that wraps it).
	 * @param dataSource the data source
	 * @return the control
	 * @throws IllegalArgumentException if the data source is not a HikariCP pool
	 */
	public static JdbcPoolControl of(DataSource dataSource) {
		if (dataSource instanceof HikariDataSource hikari) {
			return new JdbcPoolControl(hikari);
		}
		try {
			if (dataSource.isWrapperFor(HikariDataSource.class)) {
				return new JdbcPoolControl(dataSource.unwrap(HikariDataSource.class));
			}
		}
		catch (SQLException ex) {
			throw new IllegalArgumentException("Cannot unwrap a HikariCP pool from " + dataSource, ex);
		}
		throw new IllegalArgumentException(dataSource + " is not a HikariCP pool");
	}

	/**
	 * The name of the pool.
	 * @return the pool name
	 */
	public String poolName() {
		return this.dataSource.getPoolName();
	}

	/**
	 * The pool's current counts; all zero before the pool has opened its first connection.
	 * @return the statistics
	 */
	public JdbcPoolStats stats() {
		HikariConfigMXBean config = this.dataSource.getHikariConfigMXBean();
		HikariPoolMXBean pool = this.dataSource.getHikariPoolMXBean();
		if (pool == null) {
			return new JdbcPoolStats(poolName(), 0, 0, 0, 0, config.getMaximumPoolSize(), config.getMinimumIdle());
		}
		return new JdbcPoolStats(poolName(), pool.getActiveConnections(), pool.getIdleConnections(),
				pool.getThreadsAwaitingConnection(), pool.getTotalConnections(), config.getMaximumPoolSize(),
				config.getMinimumIdle());
	}

	/**
	 * Changes the size of the pool. A larger pool opens connections as callers need them (and up to the minimum idle
	 * count at HikariCP's next housekeeping run); a smaller one closes surplus connections as they retire, or at once
	 * for idle ones with {@link #evictConnections()}.
	 * @param maximumPoolSize the new maximum pool size, at least 1
	 * @param minimumIdle the new minimum number of idle connections, between 0 and {@code maximumPoolSize}
	 * @throws IllegalArgumentException if the sizes do not fit
	 */
	public void resize(int maximumPoolSize, int minimumIdle) {
		if (maximumPoolSize < 1 || minimumIdle < 0 || minimumIdle > maximumPoolSize) {
			throw new IllegalArgumentException("Cannot resize pool '" + poolName() + "' to maximumPoolSize="
					+ maximumPoolSize + ", minimumIdle=" + minimumIdle
					+ ": the maximum must be at least 1 and the minimum between 0 and the maximum");
		}
		HikariConfigMXBean config = this.dataSource.getHikariConfigMXBean();
		int previousMaximum = config.getMaximumPoolSize();
		int previousMinimum = config.getMinimumIdle();
		// Keep minimumIdle <= maximumPoolSize at every step, for HikariCP's housekeeper running meanwhile.
		if (maximumPoolSize >= previousMaximum) {
			config.setMaximumPoolSize(maximumPoolSize);
			config.setMinimumIdle(minimumIdle);
		}
		else {
			config.setMinimumIdle(minimumIdle);
			config.setMaximumPoolSize(maximumPoolSize);
		}
		logger.info("Resized HikariCP pool '" + poolName() + "': maximumPoolSize " + previousMaximum + " -> "
				+ maximumPoolSize + ", minimumIdle " + previousMinimum + " -> " + minimumIdle);
	}

	/**
	 * Retires every connection of the pool: idle ones are closed now, those in use when they are returned, and the
	 * pool opens fresh ones as needed. Work in progress is not interrupted.
	 */
	public void evictConnections() {
		HikariPoolMXBean pool = this.dataSource.getHikariPoolMXBean();
		if (pool != null) {
			pool.softEvictConnections();
		}
	}

	/**
	 * Switches the pool to new credentials without dropping work in progress: the new credentials are first tried
	 * on a connection of their own, then new connections use them, idle connections are closed now and those in use
	 * when they are returned.
	 * @param username the new user name
	 * @param password the new password
	 * @throws IllegalStateException if the pool takes its credentials from a {@code HikariCredentialsProvider}, or
	 * if no connection can be opened with the new credentials (the pool then keeps its current ones)
	 */
	public void rotateCredentials(String username, String password) {
		Objects.requireNonNull(username, "username must not be null");
		Objects.requireNonNull(password, "password must not be null");
		if (this.dataSource.getCredentialsProvider() != null) {
			throw new IllegalStateException("Pool '" + poolName()
					+ "' takes its credentials from a HikariCredentialsProvider; rotate them there");
		}
		tryConnecting(username, password);
		this.dataSource.getHikariConfigMXBean().setCredentials(Credentials.of(username, password));
		evictConnections();
		logger.info("Rotated the credentials of HikariCP pool '" + poolName()
				+ "': idle connections closed, connections in use close when returned");
	}

	private void tryConnecting(String username, String password) {
		DataSource target = this.dataSource.getDataSource();
		String jdbcUrl = this.dataSource.getJdbcUrl();
		if (target == null && jdbcUrl == null) {
			// Configured with a data source class name: the pool's first new connection is the test.
			return;
		}
		try {
			if (target != null) {
				target.getConnection(username, password).close();
			}
			else {
				Properties properties = new Properties();
				properties.putAll(this.dataSource.getDataSourceProperties());
				DriverDataSource driver = new DriverDataSource(jdbcUrl, this.dataSource.getDriverClassName(),
						properties, username, password);
				try (Connection connection = driver.getConnection()) {
					connection.isValid(1);
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not connect with the new credentials of pool '" + poolName()
					+ "'; it keeps its current credentials", ex);
		}
	}

}
