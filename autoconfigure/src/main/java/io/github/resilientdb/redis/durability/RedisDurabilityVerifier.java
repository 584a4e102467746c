package io.github.resilientdb.redis.durability;

import java.nio.charset.StandardCharsets;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import io.github.resilientdb.Durability;
import io.github.resilientdb.DurabilityException;
import io.github.resilientdb.engine.DurabilityVerifier;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.output.ArrayOutput;
import io.lettuce.core.output.IntegerOutput;
import org.jspecify.annotations.Nullable;

import org.springframework.core.NestedExceptionUtils;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.RedisConnectionUtils;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Makes the writes of a {@code @ResilientDb} method as durable as its {@link Durability} asks, right after it
 * returned: {@code WAIT} for replicas to receive them and, where configured, {@code WAITAOF} for append-only file
 * fsyncs (Redis 7.2 or later). {@code BULK} and {@code FIRE_AND_FORGET} wait for nothing.
 * <p>
 * Redis counts acknowledgements up to the replication offset of the connection {@code WAIT} is sent on, as of its
 * last write. The method's writes may have used another connection (a dedicated one for {@code MULTI} or blocking
 * commands, a pooled one when the native connection is not shared), so the verifier first publishes a message on
 * {@value #MARKER_CHANNEL}: a write, replicated, that moves the connection's offset past every write completed
 * before, from any connection. It then waits on that same connection, so the count is never too high, only
 * conservative (it includes other clients' writes made meanwhile). It runs on a dedicated connection (pooled when
 * pooling is on, opened for the purpose otherwise) because {@code WAIT} blocks the connection it is sent on, and
 * blocking the shared one would stall every other command of the application for up to the timeout.
 * <p>
 * With several connection factories, each datastore's calls are verified on its own factory (see
 * {@link #perDatastore}); a datastore declared without a client of its own uses the single or primary factory's.
 * <p>
 * Fewer acknowledgements than asked raise a {@link DurabilityException} saying how many there were. The writes are
 * applied on the primary and are not undone. A level the server cannot honour ({@code WAITAOF} before Redis 7.2,
 * append-only file disabled, Redis Cluster) raises one too, after every call: it never silently waits for less.
 */
public final class RedisDurabilityVerifier implements DurabilityVerifier {

	/**
	 * The channel of the message that marks the replication offset to wait for.
	 */
	public static final String MARKER_CHANNEL = "resilientdb:durability";

	private static final byte[] MARKER = MARKER_CHANNEL.getBytes(StandardCharsets.UTF_8);

	private static final String CLUSTER_UNSUPPORTED = "Redis Cluster is not supported: WAIT covers only the node it "
			+ "is sent to, and the marker message is not replicated there";

	private final @Nullable LettuceConnectionFactory connectionFactory;

	private final String unavailableReason;

	private final Map<Durability, RedisDurabilityLevel> levels = new EnumMap<>(Durability.class);

	private final Map<String, RedisDurabilityVerifier> datastores;

	private volatile @Nullable String serverVersion;

	/**
	 * Creates a verifier.
	 * @param connectionFactory the connection factory of the application's Redis writes
	 * @param critical what {@code CRITICAL} waits for
	 * @param important what {@code IMPORTANT} waits for
	 */
	public RedisDurabilityVerifier(LettuceConnectionFactory connectionFactory, RedisDurabilityLevel critical,
			RedisDurabilityLevel important) {
		this(connectionFactory, "", critical, important, Map.of());
	}

	private RedisDurabilityVerifier(@Nullable LettuceConnectionFactory connectionFactory, String unavailableReason,
			RedisDurabilityLevel critical, RedisDurabilityLevel important,
			Map<String, RedisDurabilityVerifier> datastores) {
		this.connectionFactory = connectionFactory;
		this.unavailableReason = unavailableReason;
		this.levels.put(Durability.CRITICAL, critical);
		this.levels.put(Durability.IMPORTANT, important);
		this.datastores = Map.copyOf(datastores);
	}

	/**
	 * Creates a verifier that verifies each datastore's calls on its own connection factory.
	 * @param primary the verifier of the single or primary connection factory, used for the datastores not in
	 * {@code datastores}; {@link #unavailable} when there is no such factory
	 * @param datastores the verifier of the connection factory of each datastore that has one of its own
	 * @return the verifier
	 */
	public static RedisDurabilityVerifier perDatastore(RedisDurabilityVerifier primary,
			Map<String, RedisDurabilityVerifier> datastores) {
		return new RedisDurabilityVerifier(primary.connectionFactory, primary.unavailableReason,
				primary.levels.get(Durability.CRITICAL), primary.levels.get(Durability.IMPORTANT), datastores);
	}

	/**
	 * Creates a verifier that fails every {@code CRITICAL} or {@code IMPORTANT} call, for an application whose Redis
	 * connection factory cannot be used for verification: durability is then never silently skipped.
	 * @param reason why the writes cannot be verified
	 * @param critical what {@code CRITICAL} waits for
	 * @param important what {@code IMPORTANT} waits for
	 * @return the verifier
	 */
	public static RedisDurabilityVerifier unavailable(String reason, RedisDurabilityLevel critical,
			RedisDurabilityLevel important) {
		return new RedisDurabilityVerifier(null, reason, critical, important, Map.of());
	}

	@Override
	public String datastoreType() {
		return "redis";
	}

	/**
	 * What a durability level waits for, on the single or primary connection factory.
	 * @param durability the durability
	 * @return the level, or {@code null} when the durability waits for nothing
	 */
	public @Nullable RedisDurabilityLevel level(Durability durability) {
		return this.levels.get(durability);
	}

	/**
	 * The connection factory a datastore's calls are verified on.
	 * @param datastore the datastore name
	 * @return the factory, or {@code null} if that datastore's calls cannot be verified
	 */
	public @Nullable LettuceConnectionFactory connectionFactory(String datastore) {
		return of(datastore).connectionFactory;
	}

	@Override
	public void check(String method, String datastore, Durability durability) {
		RedisDurabilityVerifier verifier = of(datastore);
		if (verifier.levels.get(durability) == null) {
			return;
		}
		if (verifier.connectionFactory == null) {
			throw new IllegalArgumentException(verifier.unavailableReason);
		}
		if (verifier.connectionFactory.isClusterAware()) {
			throw new IllegalArgumentException(CLUSTER_UNSUPPORTED);
		}
	}

	@Override
	public void verify(String datastore, Durability durability) {
		of(datastore).verifyOnOwnFactory(datastore, durability);
	}

	private RedisDurabilityVerifier of(String datastore) {
		return this.datastores.getOrDefault(datastore, this);
	}

	private void verifyOnOwnFactory(String datastore, Durability durability) {
		RedisDurabilityLevel level = this.levels.get(durability);
		if (level == null) {
			return;
		}
		LettuceConnectionFactory factory = this.connectionFactory;
		if (factory == null) {
			throw cannotHonour(datastore, durability, level, this.unavailableReason);
		}
		requireNoOpenTransaction(factory, durability);
		if (factory.isClusterAware()) {
			throw cannotHonour(datastore, durability, level, CLUSTER_UNSUPPORTED);
		}
		if (level.usesAof()) {
			requireWaitAof(factory, datastore, durability, level);
		}
		List<@Nullable Object> replies = acknowledge(factory, datastore, durability, level);
		int reply = 1;
		if (level.replicas() > 0) {
			int acknowledged = toInt(replies.get(reply++));
			if (acknowledged < level.replicas()) {
				throw new DurabilityException(datastore, durability, level.replicas(), acknowledged,
						describe(datastore, durability) + " reached " + acknowledged + " of the " + level.replicas()
								+ " replicas required within " + level.timeout().toMillis() + "ms (WAIT)"
								+ notUndone());
			}
		}
		if (level.usesAof()) {
			verifyAof(datastore, durability, level, replies.get(reply));
		}
	}

	private static void verifyAof(String datastore, Durability durability, RedisDurabilityLevel level,
			@Nullable Object reply) {
		List<?> counts = (reply instanceof List<?> list) ? list : List.of();
		int local = (counts.size() > 0) ? toInt(counts.get(0)) : 0;
		int replicas = (counts.size() > 1) ? toInt(counts.get(1)) : 0;
		int localRequired = level.localAof() ? 1 : 0;
		if (local < localRequired || replicas < level.aofReplicas()) {
			int required = localRequired + level.aofReplicas();
			int acknowledged = Math.min(local, localRequired) + Math.min(replicas, level.aofReplicas());
			throw new DurabilityException(datastore, durability, required, acknowledged,
					describe(datastore, durability) + " were fsynced to the append-only file of " + local
							+ " primary and " + replicas + " replicas, where " + localRequired + " primary and "
							+ level.aofReplicas() + " replicas were required within " + level.timeout().toMillis()
							+ "ms (WAITAOF)" + notUndone());
		}
	}

	private List<@Nullable Object> acknowledge(LettuceConnectionFactory factory, String datastore,
			Durability durability, RedisDurabilityLevel level) {
		try (RedisConnection connection = factory.getConnection()) {
			LettuceConnection lettuce = (LettuceConnection) connection;
			lettuce.openPipeline();
			lettuce.publish(MARKER, datastore.getBytes(StandardCharsets.UTF_8));
			if (level.replicas() > 0) {
				lettuce.execute("WAIT", new IntegerOutput<>(ByteArrayCodec.INSTANCE), number(level.replicas()),
						number(level.timeout().toMillis()));
			}
			if (level.usesAof()) {
				lettuce.execute("WAITAOF", new ArrayOutput<>(ByteArrayCodec.INSTANCE), number(level.localAof() ? 1 : 0),
						number(level.aofReplicas()), number(level.timeout().toMillis()));
			}
			return lettuce.closePipeline();
		}
		catch (DataAccessException ex) {
			throw notVerified(datastore, durability, level, ex);
		}
	}

	private void requireWaitAof(LettuceConnectionFactory factory, String datastore, Durability durability,
			RedisDurabilityLevel level) {
		String version = this.serverVersion;
		if (version == null) {
			try (RedisConnection connection = factory.getConnection()) {
				Properties info = connection.serverCommands().info("server");
				version = (info != null) ? info.getProperty("redis_version") : null;
			}
			catch (DataAccessException ex) {
				throw notVerified(datastore, durability, level, ex);
			}
			if (version == null) {
				throw cannotHonour(datastore, durability, level, "the server does not report its redis_version");
			}
			this.serverVersion = version;
		}
		if (!supportsWaitAof(version)) {
			throw cannotHonour(datastore, durability, level,
					"WAITAOF needs Redis 7.2 or later and the server reports redis_version " + version);
		}
	}

	static boolean supportsWaitAof(String version) {
		String[] parts = version.split("\\.");
		try {
			int major = Integer.parseInt(parts[0]);
			int minor = (parts.length > 1) ? Integer.parseInt(parts[1]) : 0;
			return major > 7 || (major == 7 && minor >= 2);
		}
		catch (NumberFormatException ex) {
			return false;
		}
	}

	private static void requireNoOpenTransaction(LettuceConnectionFactory factory, Durability durability) {
		if (TransactionSynchronizationManager.getResource(factory) == null) {
			return;
		}
		RedisConnection bound = RedisConnectionUtils.getConnection(factory);
		try {
			if (bound.isQueueing()) {
				throw new InvalidDataAccessApiUsageException("The " + durability + " durability of a @ResilientDb "
						+ "method cannot be verified inside an open Redis transaction (MULTI): its writes only run at "
						+ "EXEC, after the method returned. Call the method outside the transaction.");
			}
		}
		finally {
			RedisConnectionUtils.releaseConnection(bound, factory);
		}
	}

	private static DurabilityException cannotHonour(String datastore, Durability durability,
			RedisDurabilityLevel level, String reason) {
		return new DurabilityException(datastore, durability, required(level), 0, describe(datastore, durability)
				+ " cannot be made " + durability + " (" + level + "): " + reason + notUndone()
				+ " Configure resilientdb.redis.durability." + durability.name().toLowerCase() + " for what the "
				+ "server can do, or use another level.");
	}

	private static DurabilityException notVerified(String datastore, Durability durability,
			RedisDurabilityLevel level, Exception cause) {
		DurabilityException exception = new DurabilityException(datastore, durability, required(level), 0,
				describe(datastore, durability) + " could not be verified (" + level + "): "
						+ NestedExceptionUtils.getMostSpecificCause(cause).getMessage() + notUndone());
		exception.initCause(cause);
		return exception;
	}

	private static int required(RedisDurabilityLevel level) {
		return (level.replicas() > 0) ? level.replicas() : (level.localAof() ? 1 : 0) + level.aofReplicas();
	}

	private static String describe(String datastore, Durability durability) {
		return "The " + durability + " writes to Redis datastore '" + datastore + "'";
	}

	private static String notUndone() {
		return ". They are applied on the primary and not undone.";
	}

	private static byte[] number(long value) {
		return Long.toString(value).getBytes(StandardCharsets.US_ASCII);
	}

	private static int toInt(@Nullable Object reply) {
		return (reply instanceof Number number) ? number.intValue() : 0;
	}

}
