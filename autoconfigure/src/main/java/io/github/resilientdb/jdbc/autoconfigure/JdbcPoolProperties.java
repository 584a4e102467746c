package io.github.resilientdb.jdbc.autoconfigure;

import java.time.Duration;

import io.github.resilientdb.Durability;
import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of JDBC under {@code resilientdb.jdbc}: production defaults for HikariCP pools and the drivers'
 * timeouts, and the durability of transactions. Anything set under {@code spring.datasource.hikari} (or as a
 * parameter of {@code spring.datasource.url}) wins over these values.
 */
@ConfigurationProperties("resilientdb.jdbc")
public class JdbcPoolProperties implements InitializingBean {

	static final String POOL = "resilientdb.jdbc.pool.";

	private static final Duration HIKARI_TIMEOUT_FLOOR = Duration.ofMillis(250);

	private static final Duration HIKARI_LIFETIME_FLOOR = Duration.ofSeconds(30);

	private final Pool pool = new Pool();

	private final DurabilitySettings durability = new DurabilitySettings();

	public Pool getPool() {
		return this.pool;
	}

	public DurabilitySettings getDurability() {
		return this.durability;
	}

	@Override
	public void afterPropertiesSet() {
		this.pool.validate();
		this.durability.validate();
	}

	static String format(Duration duration) {
		long millis = duration.toMillis();
		if (millis == 0 || millis % 1000 != 0) {
			return millis + "ms";
		}
		long seconds = millis / 1000;
		if (seconds % 3600 == 0) {
			return (seconds / 3600) + "h";
		}
		return (seconds % 60 == 0) ? (seconds / 60) + "m" : seconds + "s";
	}

	/**
	 * HikariCP pool and driver settings, applied to every {@code HikariDataSource} before its pool starts.
	 */
	public static class Pool {

		/**
		 * Whether resilient-db applies these defaults to HikariCP pools.
		 */
		private boolean enabled = true;

		/**
		 * Maximum number of connections in the pool, in use or idle.
		 */
		private int maximumPoolSize = 20;

		/**
		 * Minimum number of idle connections; unset means the maximum pool size, a fixed-size pool as HikariCP
		 * advises.
		 */
		private @Nullable Integer minimumIdle;

		/**
		 * Maximum time a caller waits for a connection from the pool before failing; unset means a fifth of the
		 * jdbc datastore's deadline (1s).
		 */
		private @Nullable Duration connectionTimeout;

		/**
		 * Maximum time the pool waits for a connection to prove alive, less than the connection timeout; unset
		 * means half the connection timeout (500ms).
		 */
		private @Nullable Duration validationTimeout;

		/**
		 * Maximum time a connection above the minimum idle count may sit idle before it is closed.
		 */
		private Duration idleTimeout = Duration.ofMinutes(10);

		/**
		 * Maximum lifetime of a connection, so that connections are renewed before the server or a proxy drops
		 * them.
		 */
		private Duration maxLifetime = Duration.ofMinutes(30);

		/**
		 * Interval at which idle connections are tested, keeping them alive through firewalls; 0 disables it.
		 */
		private Duration keepaliveTime = Duration.ofMinutes(2);

		/**
		 * Time a connection may be out of the pool before a possible leak is logged, longer than the socket
		 * timeout; 0 disables it; unset means twice the jdbc datastore's deadline (10s).
		 */
		private @Nullable Duration leakDetectionThreshold;

		/**
		 * Maximum time the driver waits for data on an open connection (PostgreSQL and MariaDB/MySQL
		 * socketTimeout), so that a hung server cannot block a caller beyond the deadline; unset means what
		 * the jdbc datastore's deadline leaves after the connection timeout (4s).
		 */
		private @Nullable Duration socketTimeout;

		/**
		 * Maximum time the driver waits to open a TCP connection (PostgreSQL and MariaDB/MySQL connectTimeout);
		 * unset means the connection timeout's default (1s).
		 */
		private @Nullable Duration connectTimeout;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public int getMaximumPoolSize() {
			return this.maximumPoolSize;
		}

		public void setMaximumPoolSize(int maximumPoolSize) {
			this.maximumPoolSize = maximumPoolSize;
		}

		public @Nullable Integer getMinimumIdle() {
			return this.minimumIdle;
		}

		public void setMinimumIdle(@Nullable Integer minimumIdle) {
			this.minimumIdle = minimumIdle;
		}

		public @Nullable Duration getConnectionTimeout() {
			return this.connectionTimeout;
		}

		public void setConnectionTimeout(@Nullable Duration connectionTimeout) {
			this.connectionTimeout = connectionTimeout;
		}

		public @Nullable Duration getValidationTimeout() {
			return this.validationTimeout;
		}

		public void setValidationTimeout(@Nullable Duration validationTimeout) {
			this.validationTimeout = validationTimeout;
		}

		public Duration getIdleTimeout() {
			return this.idleTimeout;
		}

		public void setIdleTimeout(Duration idleTimeout) {
			this.idleTimeout = idleTimeout;
		}

		public Duration getMaxLifetime() {
			return this.maxLifetime;
		}

		public void setMaxLifetime(Duration maxLifetime) {
			this.maxLifetime = maxLifetime;
		}

		public Duration getKeepaliveTime() {
			return this.keepaliveTime;
		}

		public void setKeepaliveTime(Duration keepaliveTime) {
			this.keepaliveTime = keepaliveTime;
		}

		public @Nullable Duration getLeakDetectionThreshold() {
			return this.leakDetectionThreshold;
		}

		public void setLeakDetectionThreshold(@Nullable Duration leakDetectionThreshold) {
			this.leakDetectionThreshold = leakDetectionThreshold;
		}

		public @Nullable Duration getSocketTimeout() {
			return this.socketTimeout;
		}

		public void setSocketTimeout(@Nullable Duration socketTimeout) {
			this.socketTimeout = socketTimeout;
		}

		public @Nullable Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(@Nullable Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		void validate() {
			if (this.maximumPoolSize < 1) {
				throw new InvalidResilientDbPropertyException(POOL + "maximum-pool-size", this.maximumPoolSize,
						"a number of connections of at least 1");
			}
			if (this.minimumIdle != null && (this.minimumIdle < 0 || this.minimumIdle > this.maximumPoolSize)) {
				throw new InvalidResilientDbPropertyException(POOL + "minimum-idle", this.minimumIdle,
						"a number between 0 and maximum-pool-size (" + this.maximumPoolSize + "), or unset");
			}
			atLeast("connection-timeout", this.connectionTimeout, HIKARI_TIMEOUT_FLOOR);
			atLeast("validation-timeout", this.validationTimeout, HIKARI_TIMEOUT_FLOOR);
			if (this.validationTimeout != null && this.connectionTimeout != null
					&& this.validationTimeout.compareTo(this.connectionTimeout) >= 0) {
				throw new InvalidResilientDbPropertyException(POOL + "validation-timeout",
						format(this.validationTimeout),
						"a duration less than connection-timeout (" + format(this.connectionTimeout) + ")");
			}
			atLeast("idle-timeout", this.idleTimeout, Duration.ofSeconds(10));
			atLeast("max-lifetime", this.maxLifetime, HIKARI_LIFETIME_FLOOR);
			zeroOrBetween("keepalive-time", this.keepaliveTime, HIKARI_LIFETIME_FLOOR, this.maxLifetime);
			zeroOrBetween("leak-detection-threshold", this.leakDetectionThreshold, Duration.ofSeconds(2),
					this.maxLifetime);
			atLeast("socket-timeout", this.socketTimeout, Duration.ofSeconds(1));
			atLeast("connect-timeout", this.connectTimeout, Duration.ofSeconds(1));
		}

		private static void atLeast(String key, @Nullable Duration value, Duration minimum) {
			if (value != null && value.compareTo(minimum) < 0) {
				throw new InvalidResilientDbPropertyException(POOL + key, format(value), "a duration of at least "
						+ format(minimum) + (value.isZero() ? " (0 would mean forever)" : ""));
			}
		}

		private static void zeroOrBetween(String key, @Nullable Duration value, Duration minimum,
				Duration maxLifetime) {
			if (value != null && !value.isZero() && (value.compareTo(minimum) < 0 || value.compareTo(maxLifetime) >= 0)) {
				throw new InvalidResilientDbPropertyException(POOL + key, format(value),
						"0 (disabled) or a duration of at least " + format(minimum) + " and less than max-lifetime ("
								+ format(maxLifetime) + ")");
			}
		}

	}

	/**
	 * Durability of JDBC transactions.
	 */
	public static class DurabilitySettings {

		/**
		 * Durability of transactions not started inside a @ResilientDb method that asks for one; DEFAULT leaves
		 * the database's own setting.
		 */
		private Durability defaultLevel = Durability.DEFAULT;

		public Durability getDefaultLevel() {
			return this.defaultLevel;
		}

		public void setDefaultLevel(Durability defaultLevel) {
			this.defaultLevel = defaultLevel;
		}

		void validate() {
			if (this.defaultLevel == Durability.FIRE_AND_FORGET) {
				throw new InvalidResilientDbPropertyException("resilientdb.jdbc.durability.default-level",
						this.defaultLevel, "DEFAULT, CRITICAL, IMPORTANT or BULK; FIRE_AND_FORGET is allowed only on a "
								+ "method, with @ResilientDb(durability = FIRE_AND_FORGET)");
			}
		}

	}

}
