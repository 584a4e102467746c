package io.github.resilientdb.redis.autoconfigure;

import java.time.Duration;

import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.InitializingBean;
import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of Redis under {@code resilientdb.redis}: production defaults for the Lettuce client and its optional
 * commons-pool2 pool, and what the {@code CRITICAL} and {@code IMPORTANT} durability levels wait for. Anything set
 * under {@code spring.data.redis} wins over these values.
 */
@ConfigurationProperties("resilientdb.redis")
public class RedisPoolProperties implements InitializingBean {

	static final String POOL = "resilientdb.redis.pool.";

	static final String DURABILITY = "resilientdb.redis.durability.";

	private final Pool pool = new Pool();

	private final DurabilityLevels durability = new DurabilityLevels();

	public Pool getPool() {
		return this.pool;
	}

	public DurabilityLevels getDurability() {
		return this.durability;
	}

	@Override
	public void afterPropertiesSet() {
		this.pool.validate();
		this.durability.getCritical().validate(DURABILITY + "critical.");
		this.durability.getImportant().validate(DURABILITY + "important.");
	}

	static String format(Duration duration) {
		long millis = duration.toMillis();
		return (millis != 0 && millis % 1000 == 0) ? (millis / 1000) + "s" : millis + "ms";
	}

	private static void positive(String key, @Nullable Duration value, String zeroMeans) {
		if (value != null && (value.isZero() || value.isNegative())) {
			throw new InvalidResilientDbPropertyException(key, format(value),
					"a positive duration" + (value.isZero() ? " (0 would mean " + zeroMeans + ")" : ""));
		}
	}

	private static void atLeast(String key, int value, int minimum, String what) {
		if (value < minimum) {
			throw new InvalidResilientDbPropertyException(key, value, what);
		}
	}

	/**
	 * Lettuce client settings and the commons-pool2 pool of dedicated connections.
	 */
	public static class Pool {

		/**
		 * Whether to pool Lettuce connections with commons-pool2, which must be on the class path. Any
		 * spring.data.redis.lettuce.pool key the application sets leaves the decision to Spring Boot.
		 */
		private boolean enabled;

		/**
		 * Minimum number of idle connections in each pool; unset means 5, or max-active when that is smaller.
		 */
		private @Nullable Integer minIdle;

		/**
		 * Maximum number of idle connections in each pool; unset means max-active, so that returned connections
		 * are kept rather than closed.
		 */
		private @Nullable Integer maxIdle;

		/**
		 * Maximum number of connections in each pool, in use or idle.
		 */
		private int maxActive = 30;

		/**
		 * Maximum time a caller waits for a pooled connection before failing; unset means a fifth of the redis
		 * datastore's deadline (1s).
		 */
		private @Nullable Duration maxWait;

		/**
		 * Interval between runs of the pool's evictor, which closes idle connections above min-idle and opens
		 * connections up to it.
		 */
		private Duration timeBetweenEvictionRuns = Duration.ofSeconds(30);

		/**
		 * Maximum time a command waits for its reply, blocking commands included; unset means two fifths of the
		 * redis datastore's deadline (2s).
		 */
		private @Nullable Duration commandTimeout;

		/**
		 * Maximum time to open a connection to the server; unset means a fifth of the redis datastore's deadline
		 * (1s).
		 */
		private @Nullable Duration connectTimeout;

		/**
		 * Whether Lettuce reconnects on its own after a connection is lost.
		 */
		private boolean autoReconnect = true;

		/**
		 * What Lettuce does with commands while a connection is down: REJECT_COMMANDS fails them at once and
		 * fails the commands in flight instead of sending them again after reconnecting.
		 */
		private DisconnectedBehavior disconnectedBehavior = DisconnectedBehavior.REJECT_COMMANDS;

		/**
		 * Maximum number of commands queued on one connection; further commands are rejected at once.
		 */
		private int requestQueueSize = 1000;

		/**
		 * Name each connection gives itself with CLIENT SETNAME; unset means spring.application.name, if any.
		 */
		private @Nullable String clientName;

		private final Keepalive keepalive = new Keepalive();

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public @Nullable Integer getMinIdle() {
			return this.minIdle;
		}

		public void setMinIdle(@Nullable Integer minIdle) {
			this.minIdle = minIdle;
		}

		public @Nullable Integer getMaxIdle() {
			return this.maxIdle;
		}

		public void setMaxIdle(@Nullable Integer maxIdle) {
			this.maxIdle = maxIdle;
		}

		public int getMaxActive() {
			return this.maxActive;
		}

		public void setMaxActive(int maxActive) {
			this.maxActive = maxActive;
		}

		public @Nullable Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(@Nullable Duration maxWait) {
			this.maxWait = maxWait;
		}

		public Duration getTimeBetweenEvictionRuns() {
			return this.timeBetweenEvictionRuns;
		}

		public void setTimeBetweenEvictionRuns(Duration timeBetweenEvictionRuns) {
			this.timeBetweenEvictionRuns = timeBetweenEvictionRuns;
		}

		public @Nullable Duration getCommandTimeout() {
			return this.commandTimeout;
		}

		public void setCommandTimeout(@Nullable Duration commandTimeout) {
			this.commandTimeout = commandTimeout;
		}

		public @Nullable Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(@Nullable Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public boolean isAutoReconnect() {
			return this.autoReconnect;
		}

		public void setAutoReconnect(boolean autoReconnect) {
			this.autoReconnect = autoReconnect;
		}

		public DisconnectedBehavior getDisconnectedBehavior() {
			return this.disconnectedBehavior;
		}

		public void setDisconnectedBehavior(DisconnectedBehavior disconnectedBehavior) {
			this.disconnectedBehavior = disconnectedBehavior;
		}

		public int getRequestQueueSize() {
			return this.requestQueueSize;
		}

		public void setRequestQueueSize(int requestQueueSize) {
			this.requestQueueSize = requestQueueSize;
		}

		public @Nullable String getClientName() {
			return this.clientName;
		}

		public void setClientName(@Nullable String clientName) {
			this.clientName = clientName;
		}

		public Keepalive getKeepalive() {
			return this.keepalive;
		}

		void validate() {
			atLeast(POOL + "max-active", this.maxActive, 1, "a number of connections of at least 1");
			if (this.maxIdle != null && (this.maxIdle < 0 || this.maxIdle > this.maxActive)) {
				throw new InvalidResilientDbPropertyException(POOL + "max-idle", this.maxIdle,
						"a number between 0 and max-active (" + this.maxActive + "), or unset");
			}
			int idleLimit = (this.maxIdle != null) ? this.maxIdle : this.maxActive;
			if (this.minIdle != null && (this.minIdle < 0 || this.minIdle > idleLimit)) {
				throw new InvalidResilientDbPropertyException(POOL + "min-idle", this.minIdle,
						"a number between 0 and " + ((this.maxIdle != null) ? "max-idle" : "max-active") + " ("
								+ idleLimit + "), or unset");
			}
			positive(POOL + "max-wait", this.maxWait, "failing at once; a negative value would wait forever");
			positive(POOL + "time-between-eviction-runs", this.timeBetweenEvictionRuns,
					"never evicting nor keeping min-idle");
			positive(POOL + "command-timeout", this.commandTimeout, "waiting forever");
			positive(POOL + "connect-timeout", this.connectTimeout, "waiting forever");
			atLeast(POOL + "request-queue-size", this.requestQueueSize, 1, "a number of commands of at least 1");
			if (!this.autoReconnect && this.disconnectedBehavior == DisconnectedBehavior.ACCEPT_COMMANDS) {
				throw new InvalidResilientDbPropertyException(POOL + "disconnected-behavior",
						this.disconnectedBehavior, "REJECT_COMMANDS or DEFAULT when auto-reconnect is false: "
								+ "commands accepted by a connection that never reconnects would only time out");
			}
			if (this.clientName != null && this.clientName.chars().anyMatch(Character::isWhitespace)) {
				throw new InvalidResilientDbPropertyException(POOL + "client-name", this.clientName,
						"a name without spaces (CLIENT SETNAME refuses them)");
			}
			this.keepalive.validate();
		}

	}

	/**
	 * TCP keepalive of Lettuce connections: how soon a connection whose server or network silently went away is
	 * noticed while it is idle. Idle, interval and count apply with NIO on Java 11+, epoll and io_uring.
	 */
	public static class Keepalive {

		/**
		 * Whether to send TCP keepalive probes on idle connections.
		 */
		private boolean enabled = true;

		/**
		 * Time a connection is idle before the first probe.
		 */
		private Duration idle = Duration.ofSeconds(10);

		/**
		 * Time between probes.
		 */
		private Duration interval = Duration.ofSeconds(5);

		/**
		 * Number of unanswered probes after which the connection is closed.
		 */
		private int count = 3;

		public boolean isEnabled() {
			return this.enabled;
		}

		public void setEnabled(boolean enabled) {
			this.enabled = enabled;
		}

		public Duration getIdle() {
			return this.idle;
		}

		public void setIdle(Duration idle) {
			this.idle = idle;
		}

		public Duration getInterval() {
			return this.interval;
		}

		public void setInterval(Duration interval) {
			this.interval = interval;
		}

		public int getCount() {
			return this.count;
		}

		public void setCount(int count) {
			this.count = count;
		}

		void validate() {
			if (!this.enabled) {
				return;
			}
			wholeSeconds(POOL + "keepalive.idle", this.idle);
			wholeSeconds(POOL + "keepalive.interval", this.interval);
			atLeast(POOL + "keepalive.count", this.count, 1, "a number of probes of at least 1");
		}

		private static void wholeSeconds(String key, Duration value) {
			if (value.getSeconds() < 1 || value.getNano() != 0) {
				throw new InvalidResilientDbPropertyException(key, format(value),
						"a whole number of seconds of at least 1s (TCP keepalive counts in seconds)");
			}
		}

	}

	/**
	 * What the {@code CRITICAL} and {@code IMPORTANT} durability levels wait for after the writes of a method;
	 * {@code BULK} and {@code FIRE_AND_FORGET} wait for nothing.
	 */
	public static class DurabilityLevels {

		private final Critical critical = new Critical();

		private final Important important = new Important();

		public Critical getCritical() {
			return this.critical;
		}

		public Important getImportant() {
			return this.important;
		}

	}

	/**
	 * What one durability level waits for: {@code WAIT replicas timeout}, then, when an append-only file fsync is
	 * asked for, {@code WAITAOF local aof-replicas timeout}.
	 */
	public abstract static class Level {

		public abstract int getReplicas();

		public abstract boolean isLocalAof();

		public abstract int getAofReplicas();

		public abstract Duration getTimeout();

		void validate(String prefix) {
			atLeast(prefix + "replicas", getReplicas(), 0, "a number of replicas of at least 0");
			atLeast(prefix + "aof-replicas", getAofReplicas(), 0, "a number of replicas of at least 0");
			if (getReplicas() == 0 && !isLocalAof() && getAofReplicas() == 0) {
				throw new InvalidResilientDbPropertyException(prefix + "replicas", getReplicas(),
						"at least 1, unless local-aof is true or aof-replicas is at least 1: a level that waits for "
								+ "nothing would silently be BULK");
			}
			positive(prefix + "timeout", getTimeout(), "waiting forever");
		}

	}

	/**
	 * CRITICAL: the writes survive the loss of the primary, being in memory on at least one replica.
	 */
	public static class Critical extends Level {

		/**
		 * Number of replicas that must have received the writes of a CRITICAL method (WAIT); 0 for no WAIT.
		 */
		private int replicas = 1;

		/**
		 * Whether the writes of a CRITICAL method must also be fsynced to the primary's append-only file (WAITAOF,
		 * Redis 7.2+ with appendonly yes).
		 */
		private boolean localAof;

		/**
		 * Number of replicas that must have fsynced the writes of a CRITICAL method to their append-only file
		 * (WAITAOF, Redis 7.2+).
		 */
		private int aofReplicas;

		/**
		 * Maximum time each of WAIT and WAITAOF waits for acknowledgements; below the command timeout.
		 */
		private Duration timeout = Duration.ofSeconds(1);

		@Override
		public int getReplicas() {
			return this.replicas;
		}

		public void setReplicas(int replicas) {
			this.replicas = replicas;
		}

		@Override
		public boolean isLocalAof() {
			return this.localAof;
		}

		public void setLocalAof(boolean localAof) {
			this.localAof = localAof;
		}

		@Override
		public int getAofReplicas() {
			return this.aofReplicas;
		}

		public void setAofReplicas(int aofReplicas) {
			this.aofReplicas = aofReplicas;
		}

		@Override
		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

	/**
	 * IMPORTANT: the writes survive a restart of the primary, being fsynced to its append-only file.
	 */
	public static class Important extends Level {

		/**
		 * Number of replicas that must have received the writes of an IMPORTANT method (WAIT); 0 for no WAIT.
		 */
		private int replicas;

		/**
		 * Whether the writes of an IMPORTANT method must be fsynced to the primary's append-only file (WAITAOF,
		 * Redis 7.2+ with appendonly yes).
		 */
		private boolean localAof = true;

		/**
		 * Number of replicas that must have fsynced the writes of an IMPORTANT method to their append-only file
		 * (WAITAOF, Redis 7.2+).
		 */
		private int aofReplicas;

		/**
		 * Maximum time each of WAIT and WAITAOF waits for acknowledgements; below the command timeout.
		 */
		private Duration timeout = Duration.ofSeconds(1);

		@Override
		public int getReplicas() {
			return this.replicas;
		}

		public void setReplicas(int replicas) {
			this.replicas = replicas;
		}

		@Override
		public boolean isLocalAof() {
			return this.localAof;
		}

		public void setLocalAof(boolean localAof) {
			this.localAof = localAof;
		}

		@Override
		public int getAofReplicas() {
			return this.aofReplicas;
		}

		public void setAofReplicas(int aofReplicas) {
			this.aofReplicas = aofReplicas;
		}

		@Override
		public Duration getTimeout() {
			return this.timeout;
		}

		public void setTimeout(Duration timeout) {
			this.timeout = timeout;
		}

	}

}
