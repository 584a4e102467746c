package io.github.resilientdb.mongo.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.resilientdb.Durability;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the MongoDB client under {@code resilientdb.mongo}: production defaults for the connection pool
 * and the client, and the write concern of each {@link Durability} level. Anything set in
 * {@code spring.mongodb.uri} (or by a {@code MongoClientSettings} bean or customizer of the application) wins over
 * these values.
 */
@ConfigurationProperties("resilientdb.mongo")
public class MongoPoolProperties {

	private final Pool pool = new Pool();

	private final DurabilityLevels durability = new DurabilityLevels();

	public Pool getPool() {
		return this.pool;
	}

	public DurabilityLevels getDurability() {
		return this.durability;
	}

	/**
	 * Connection pool and client settings.
	 */
	public static class Pool {

		/**
		 * Minimum number of connections kept open to each server.
		 */
		private int minSize = 10;

		/**
		 * Maximum number of connections to each server, in use or idle.
		 */
		private int maxSize = 50;

		/**
		 * Maximum number of connections a pool establishes at the same time.
		 */
		private int maxConnecting = 2;

		/**
		 * Maximum time a caller waits for a pooled connection before failing; unset means a fifth of the mongo
		 * datastore's deadline (1s).
		 */
		private @Nullable Duration maxWait;

		/**
		 * Maximum time a connection may stay idle in the pool before it is closed.
		 */
		private Duration maxIdleTime = Duration.ofSeconds(30);

		/**
		 * Maximum time a connection may live, so that connections are renewed over time.
		 */
		private Duration maxLifetime = Duration.ofMinutes(30);

		/**
		 * Maximum time to establish a TCP connection, also the server monitor's read timeout; unset means two
		 * fifths of the mongo datastore's deadline (2s).
		 */
		private @Nullable Duration connectTimeout;

		/**
		 * Maximum time to wait for the reply to a command on an open connection (the socket timeout); unset means
		 * two fifths of the mongo datastore's deadline (2s), so that the driver's own retry of a read or write
		 * fits too.
		 */
		private @Nullable Duration readTimeout;

		/**
		 * Maximum time to find a suitable server (a primary for writes) before failing; unset means two fifths of
		 * the mongo datastore's deadline (2s).
		 */
		private @Nullable Duration serverSelectionTimeout;

		/**
		 * Client-side timeout of one operation (the driver's timeoutMS): server selection, connection checkout
		 * and the command together; unset leaves it off, as the driver then reports every timeout alike, hiding
		 * whether the operation was sent, and the other timeouts already end a call within the deadline.
		 */
		private @Nullable Duration operationTimeout;

		/**
		 * Interval between checks of each server's state.
		 */
		private Duration heartbeatFrequency = Duration.ofSeconds(10);

		/**
		 * Whether the driver retries a read once after a network error or a primary change.
		 */
		private boolean retryReads = true;

		/**
		 * Whether the driver retries a write once after a network error or a primary change, de-duplicated by the
		 * server.
		 */
		private boolean retryWrites = true;

		/**
		 * Name of the application as shown in the server's logs and currentOp; defaults to spring.application.name.
		 */
		private @Nullable String applicationName;

		/**
		 * Wire compressors to offer the server, in order of preference: zstd, snappy or zlib.
		 */
		private List<String> compressors = new ArrayList<>();

		/**
		 * Read preference: primary, primaryPreferred, secondary, secondaryPreferred or nearest.
		 */
		private String readPreference = "primary";

		/**
		 * Write concern of writes that no durability level applies to.
		 */
		private final WriteConcern writeConcern = new WriteConcern("majority", true, Duration.ofSeconds(5));

		public int getMinSize() {
			return this.minSize;
		}

		public void setMinSize(int minSize) {
			this.minSize = minSize;
		}

		public int getMaxSize() {
			return this.maxSize;
		}

		public void setMaxSize(int maxSize) {
			this.maxSize = maxSize;
		}

		public int getMaxConnecting() {
			return this.maxConnecting;
		}

		public void setMaxConnecting(int maxConnecting) {
			this.maxConnecting = maxConnecting;
		}

		public @Nullable Duration getMaxWait() {
			return this.maxWait;
		}

		public void setMaxWait(@Nullable Duration maxWait) {
			this.maxWait = maxWait;
		}

		public Duration getMaxIdleTime() {
			return this.maxIdleTime;
		}

		public void setMaxIdleTime(Duration maxIdleTime) {
			this.maxIdleTime = maxIdleTime;
		}

		public Duration getMaxLifetime() {
			return this.maxLifetime;
		}

		public void setMaxLifetime(Duration maxLifetime) {
			this.maxLifetime = maxLifetime;
		}

		public @Nullable Duration getConnectTimeout() {
			return this.connectTimeout;
		}

		public void setConnectTimeout(@Nullable Duration connectTimeout) {
			this.connectTimeout = connectTimeout;
		}

		public @Nullable Duration getReadTimeout() {
			return this.readTimeout;
		}

		public void setReadTimeout(@Nullable Duration readTimeout) {
			this.readTimeout = readTimeout;
		}

		public @Nullable Duration getServerSelectionTimeout() {
			return this.serverSelectionTimeout;
		}

		public void setServerSelectionTimeout(@Nullable Duration serverSelectionTimeout) {
			this.serverSelectionTimeout = serverSelectionTimeout;
		}

		public @Nullable Duration getOperationTimeout() {
			return this.operationTimeout;
		}

		public void setOperationTimeout(@Nullable Duration operationTimeout) {
			this.operationTimeout = operationTimeout;
		}

		public Duration getHeartbeatFrequency() {
			return this.heartbeatFrequency;
		}

		public void setHeartbeatFrequency(Duration heartbeatFrequency) {
			this.heartbeatFrequency = heartbeatFrequency;
		}

		public boolean isRetryReads() {
			return this.retryReads;
		}

		public void setRetryReads(boolean retryReads) {
			this.retryReads = retryReads;
		}

		public boolean isRetryWrites() {
			return this.retryWrites;
		}

		public void setRetryWrites(boolean retryWrites) {
			this.retryWrites = retryWrites;
		}

		public @Nullable String getApplicationName() {
			return this.applicationName;
		}

		public void setApplicationName(@Nullable String applicationName) {
			this.applicationName = applicationName;
		}

		public List<String> getCompressors() {
			return this.compressors;
		}

		public void setCompressors(List<String> compressors) {
			this.compressors = compressors;
		}

		public String getReadPreference() {
			return this.readPreference;
		}

		public void setReadPreference(String readPreference) {
			this.readPreference = readPreference;
		}

		public WriteConcern getWriteConcern() {
			return this.writeConcern;
		}

	}

	/**
	 * The write concern of each durability level, and which level applies where.
	 */
	public static class DurabilityLevels {

		/**
		 * Level of the writes that neither the calling @ResilientDb method nor the collection gives one; DEFAULT
		 * means the client's write concern (resilientdb.mongo.pool.write-concern, or the URI's).
		 */
		private Durability defaultLevel = Durability.DEFAULT;

		/**
		 * Level of the writes to each collection, by collection name, unless the calling method asks for one.
		 */
		private final Map<String, Durability> collections = new LinkedHashMap<>();

		/**
		 * Write concern of CRITICAL writes: acknowledged by a majority and journaled.
		 */
		private final WriteConcern critical = new WriteConcern("majority", true, Duration.ofSeconds(5));

		/**
		 * Write concern of IMPORTANT writes: acknowledged by the primary and journaled.
		 */
		private final WriteConcern important = new WriteConcern("1", true, null);

		/**
		 * Write concern of BULK writes: acknowledged by the primary.
		 */
		private final WriteConcern bulk = new WriteConcern("1", null, null);

		/**
		 * Write concern of FIRE_AND_FORGET writes: not acknowledged.
		 */
		private final WriteConcern fireAndForget = new WriteConcern("0", null, null);

		public Durability getDefaultLevel() {
			return this.defaultLevel;
		}

		public void setDefaultLevel(Durability defaultLevel) {
			this.defaultLevel = defaultLevel;
		}

		public Map<String, Durability> getCollections() {
			return this.collections;
		}

		public WriteConcern getCritical() {
			return this.critical;
		}

		public WriteConcern getImportant() {
			return this.important;
		}

		public WriteConcern getBulk() {
			return this.bulk;
		}

		public WriteConcern getFireAndForget() {
			return this.fireAndForget;
		}

	}

	/**
	 * A MongoDB write concern.
	 */
	public static class WriteConcern {

		/**
		 * Number of members that must acknowledge the write, "majority", or the name of a custom write concern.
		 */
		private String w;

		/**
		 * Whether the write must be in the on-disk journal before it is acknowledged; unset leaves it to the server.
		 */
		private @Nullable Boolean journal;

		/**
		 * Maximum time to wait for the acknowledgements beyond the primary's; unset waits for as long as it takes.
		 */
		private @Nullable Duration wtimeout;

		WriteConcern(String w, @Nullable Boolean journal, @Nullable Duration wtimeout) {
			this.w = w;
			this.journal = journal;
			this.wtimeout = wtimeout;
		}

		public String getW() {
			return this.w;
		}

		public void setW(String w) {
			this.w = w;
		}

		public @Nullable Boolean getJournal() {
			return this.journal;
		}

		public void setJournal(@Nullable Boolean journal) {
			this.journal = journal;
		}

		public @Nullable Duration getWtimeout() {
			return this.wtimeout;
		}

		public void setWtimeout(@Nullable Duration wtimeout) {
			this.wtimeout = wtimeout;
		}

	}

}
