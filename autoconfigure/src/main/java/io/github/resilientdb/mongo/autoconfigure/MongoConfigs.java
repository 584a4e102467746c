package io.github.resilientdb.mongo.autoconfigure;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import com.mongodb.MongoClientSettings;
import com.mongodb.MongoCompressor;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import io.github.resilientdb.Durability;
import io.github.resilientdb.autoconfigure.DeadlineTimeouts;
import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;
import io.github.resilientdb.mongo.autoconfigure.MongoPoolProperties.DurabilityLevels;
import io.github.resilientdb.mongo.autoconfigure.MongoPoolProperties.Pool;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.StringUtils;

/**
 * Validates the {@code resilientdb.mongo} properties and turns them into driver settings. Every invalid value is
 * reported with the full name of its property; so is every value that would mean "wait forever" to the driver.
 */
final class MongoConfigs {

	static final String POOL = "resilientdb.mongo.pool.";

	static final String DURABILITY = "resilientdb.mongo.durability.";

	private static final Duration MIN_HEARTBEAT_FREQUENCY = Duration.ofMillis(500);

	private MongoConfigs() {
	}

	/**
	 * The client settings the starter proposes, each applied only where the application set nothing.
	 * @param pool the pool properties
	 * @param springApplicationName the value of {@code spring.application.name}, if any
	 * @param timeouts the timeouts derived from the mongo datastore's deadline, for the timeouts left unset
	 * @return the proposed settings
	 */
	static MongoClientSettings clientDefaults(Pool pool, @Nullable String springApplicationName,
			DeadlineTimeouts timeouts) {
		atLeast(POOL + "min-size", pool.getMinSize(), 0);
		atLeast(POOL + "max-size", pool.getMaxSize(), 1);
		if (pool.getMinSize() > pool.getMaxSize()) {
			throw new InvalidResilientDbPropertyException(POOL + "min-size", pool.getMinSize(),
					"a number no greater than " + POOL + "max-size (" + pool.getMaxSize() + ")");
		}
		atLeast(POOL + "max-connecting", pool.getMaxConnecting(), 1);
		long maxWait = positiveMillis(POOL + "max-wait", orElse(pool.getMaxWait(), timeouts.poolWait()));
		long maxIdleTime = positiveMillis(POOL + "max-idle-time", pool.getMaxIdleTime());
		long maxLifetime = positiveMillis(POOL + "max-lifetime", pool.getMaxLifetime());
		long connectTimeout = positiveMillis(POOL + "connect-timeout",
				orElse(pool.getConnectTimeout(), timeouts.command()));
		// The driver retries a read or write once after a network error (retryReads, retryWrites): both fit.
		long readTimeout = positiveMillis(POOL + "read-timeout", orElse(pool.getReadTimeout(), timeouts.command()));
		long serverSelectionTimeout = positiveMillis(POOL + "server-selection-timeout",
				orElse(pool.getServerSelectionTimeout(), timeouts.command()));
		Long operationTimeout = (pool.getOperationTimeout() != null)
				? positiveMillis(POOL + "operation-timeout", pool.getOperationTimeout()) : null;
		long heartbeatFrequency = positiveMillis(POOL + "heartbeat-frequency", pool.getHeartbeatFrequency());
		if (pool.getHeartbeatFrequency().compareTo(MIN_HEARTBEAT_FREQUENCY) < 0) {
			throw new InvalidResilientDbPropertyException(POOL + "heartbeat-frequency", pool.getHeartbeatFrequency(),
					"a duration of at least 500ms (the driver's minimum)");
		}
		WriteConcern writeConcern = writeConcern(POOL + "write-concern", pool.getWriteConcern(),
				"FIRE_AND_FORGET (w=0) is allowed only for the collections and methods that ask for it");
		String applicationName = StringUtils.hasText(pool.getApplicationName()) ? pool.getApplicationName()
				: springApplicationName;
		MongoClientSettings.Builder builder = MongoClientSettings.builder()
			.applyToConnectionPoolSettings((settings) -> settings.minSize(pool.getMinSize())
				.maxSize(pool.getMaxSize())
				.maxConnecting(pool.getMaxConnecting())
				.maxWaitTime(maxWait, TimeUnit.MILLISECONDS)
				.maxConnectionIdleTime(maxIdleTime, TimeUnit.MILLISECONDS)
				.maxConnectionLifeTime(maxLifetime, TimeUnit.MILLISECONDS))
			.applyToSocketSettings((settings) -> settings.connectTimeout(connectTimeout, TimeUnit.MILLISECONDS)
				.readTimeout(readTimeout, TimeUnit.MILLISECONDS))
			.applyToClusterSettings(
					(settings) -> settings.serverSelectionTimeout(serverSelectionTimeout, TimeUnit.MILLISECONDS))
			.applyToServerSettings(
					(settings) -> settings.heartbeatFrequency(heartbeatFrequency, TimeUnit.MILLISECONDS))
			.retryReads(pool.isRetryReads())
			.retryWrites(pool.isRetryWrites())
			.compressorList(compressors(pool.getCompressors()))
			.readPreference(readPreference(pool.getReadPreference()))
			.writeConcern(writeConcern);
		if (operationTimeout != null) {
			builder.timeout(operationTimeout, TimeUnit.MILLISECONDS);
		}
		try {
			builder.applicationName(applicationName);
		}
		catch (IllegalArgumentException ex) {
			throw new InvalidResilientDbPropertyException(POOL + "application-name", applicationName,
					"a name of at most 128 bytes in UTF-8");
		}
		return builder.build();
	}

	/**
	 * The write concern of each durability level but {@link Durability#DEFAULT}.
	 * @param durability the durability properties
	 * @return the write concerns
	 */
	static Map<Durability, WriteConcern> levels(DurabilityLevels durability) {
		if (durability.getDefaultLevel() == Durability.FIRE_AND_FORGET) {
			throw new InvalidResilientDbPropertyException(DURABILITY + "default-level", Durability.FIRE_AND_FORGET,
					"CRITICAL, IMPORTANT, BULK or DEFAULT; FIRE_AND_FORGET is allowed only for the collections "
							+ "(" + DURABILITY + "collections.<name>) and methods that ask for it");
		}
		Map<Durability, WriteConcern> levels = new EnumMap<>(Durability.class);
		levels.put(Durability.CRITICAL, acknowledged("critical", durability.getCritical()));
		levels.put(Durability.IMPORTANT, acknowledged("important", durability.getImportant()));
		levels.put(Durability.BULK, acknowledged("bulk", durability.getBulk()));
		levels.put(Durability.FIRE_AND_FORGET,
				writeConcern(DURABILITY + "fire-and-forget", durability.getFireAndForget(), null));
		return levels;
	}

	/**
	 * Requires an application's default write concern to be acknowledged when no default level overrides it.
	 * @param durability the durability properties
	 * @param clientName the bean name of the client
	 * @param clientWriteConcern the write concern of the live client, if known
	 */
	static void requireAcknowledgedDefault(DurabilityLevels durability, String clientName,
			@Nullable WriteConcern clientWriteConcern) {
		if (durability.getDefaultLevel() == Durability.DEFAULT && clientWriteConcern != null
				&& !clientWriteConcern.isAcknowledged()) {
			throw new InvalidResilientDbPropertyException(DURABILITY + "default-level",
					"DEFAULT (the write concern of MongoClient '" + clientName + "', "
							+ clientWriteConcern.asDocument().toJson() + ")",
					"CRITICAL, IMPORTANT or BULK, or remove w=0 from spring.mongodb.uri (or that client's settings); "
							+ "FIRE_AND_FORGET is "
							+ "allowed only for the collections (" + DURABILITY
							+ "collections.<name>) and methods that ask for it");
		}
	}

	private static WriteConcern acknowledged(String level, MongoPoolProperties.WriteConcern properties) {
		return writeConcern(DURABILITY + level, properties, "only fire-and-forget may be w=0");
	}

	/**
	 * Builds a write concern.
	 * @param prefix the property prefix of the write concern
	 * @param properties its properties
	 * @param whyAcknowledged why it must be acknowledged, or {@code null} if it may be {@code w=0}
	 * @return the write concern
	 */
	private static WriteConcern writeConcern(String prefix, MongoPoolProperties.WriteConcern properties,
			@Nullable String whyAcknowledged) {
		String w = properties.getW();
		if (!StringUtils.hasText(w)) {
			throw new InvalidResilientDbPropertyException(prefix + ".w", w,
					"majority, a number of members, or the name of a custom write concern");
		}
		WriteConcern writeConcern;
		if (w.matches("-?\\d+")) {
			int members = Integer.parseInt(w);
			atLeast(prefix + ".w", members, 0);
			writeConcern = new WriteConcern(members);
		}
		else {
			writeConcern = new WriteConcern(w.equalsIgnoreCase("majority") ? "majority" : w);
		}
		if (whyAcknowledged != null && !writeConcern.isAcknowledged()) {
			throw new InvalidResilientDbPropertyException(prefix + ".w", w,
					"an acknowledged write concern such as majority or 1; " + whyAcknowledged);
		}
		if (properties.getJournal() != null) {
			if (properties.getJournal() && !writeConcern.isAcknowledged()) {
				throw new InvalidResilientDbPropertyException(prefix + ".journal", true,
						"false or unset, since an unacknowledged write (w=0) cannot wait for the journal");
			}
			writeConcern = writeConcern.withJournal(properties.getJournal());
		}
		if (properties.getWtimeout() != null) {
			long wtimeout = positiveMillis(prefix + ".wtimeout", properties.getWtimeout());
			writeConcern = writeConcern.withWTimeout(wtimeout, TimeUnit.MILLISECONDS);
		}
		return writeConcern;
	}

	private static List<MongoCompressor> compressors(List<String> names) {
		List<MongoCompressor> compressors = new ArrayList<>();
		for (String name : names) {
			String property = POOL + "compressors";
			switch (name.trim().toLowerCase()) {
				case "zstd" -> {
					requireClass(property, name, "com.github.luben.zstd.Zstd", "com.github.luben:zstd-jni");
					compressors.add(MongoCompressor.createZstdCompressor());
				}
				case "snappy" -> {
					requireClass(property, name, "org.xerial.snappy.Snappy", "org.xerial.snappy:snappy-java");
					compressors.add(MongoCompressor.createSnappyCompressor());
				}
				case "zlib" -> compressors.add(MongoCompressor.createZlibCompressor());
				default -> throw new InvalidResilientDbPropertyException(property, name,
						"a list of zstd, snappy and zlib");
			}
		}
		return compressors;
	}

	private static void requireClass(String property, String compressor, String className, String library) {
		if (!ClassUtils.isPresent(className, MongoConfigs.class.getClassLoader())) {
			throw new InvalidResilientDbPropertyException(property, compressor,
					"compressors whose library is on the class path (add " + library + " for " + compressor + ")");
		}
	}

	private static ReadPreference readPreference(String name) {
		try {
			return ReadPreference.valueOf(name.replace("-", "").replace("_", ""));
		}
		catch (RuntimeException ex) {
			throw new InvalidResilientDbPropertyException(POOL + "read-preference", name,
					"primary, primaryPreferred, secondary, secondaryPreferred or nearest");
		}
	}

	private static Duration orElse(@Nullable Duration value, Duration derived) {
		return (value != null) ? value : derived;
	}

	private static long positiveMillis(String property, @Nullable Duration value) {
		if (value == null || value.isNegative() || value.toMillis() == 0) {
			throw new InvalidResilientDbPropertyException(property, value,
					"a positive duration of at least 1ms such as 500ms (the driver reads 0 as no limit or no wait)");
		}
		return value.toMillis();
	}

	private static void atLeast(String property, int value, int minimum) {
		if (value < minimum) {
			throw new InvalidResilientDbPropertyException(property, value, "a whole number of at least " + minimum);
		}
	}

}
