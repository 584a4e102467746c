package io.github.resilientdb.mongo.health;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import io.github.resilientdb.health.DatastoreProbe;
import io.github.resilientdb.health.PoolUsage;
import io.github.resilientdb.mongo.pool.MongoPoolMonitor;
import io.github.resilientdb.mongo.pool.MongoPoolStats;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * Probes the {@code mongo} datastore with a {@code ping} command on the {@code admin} database, which every server
 * answers (unlike {@code hello}, which mongo-java-server does not), bounded by the driver's client-side operation
 * timeout so that server selection and the socket read both give up in time. The pool's use is read from a
 * {@link MongoPoolMonitor} registered with the client.
 */
public final class MongoDatastoreProbe implements DatastoreProbe {

	private static final Document PING = new Document("ping", 1);

	private final MongoClient client;

	private final @Nullable MongoPoolMonitor poolMonitor;

	private final List<String> secrets;

	private final @Nullable String datastore;

	/**
	 * Creates a probe.
	 * @param client the client
	 * @param poolMonitor the monitor registered with the client's pools, or {@code null} if there is none
	 * @param password the configured password, or {@code null}
	 */
	public MongoDatastoreProbe(MongoClient client, @Nullable MongoPoolMonitor poolMonitor,
			@Nullable String password) {
		this(client, poolMonitor, password, null);
	}

	/**
	 * Creates a probe.
	 * @param client the client
	 * @param poolMonitor the monitor registered with the client's pools, or {@code null} if there is none
	 * @param password the configured password, or {@code null}
	 * @param datastore the datastore of this client when it is one of several, or {@code null} for the single or
	 * primary one
	 */
	public MongoDatastoreProbe(MongoClient client, @Nullable MongoPoolMonitor poolMonitor, @Nullable String password,
			@Nullable String datastore) {
		this.datastore = datastore;
		this.client = client;
		this.poolMonitor = poolMonitor;
		this.secrets = (password != null) ? List.of(password) : List.of();
	}

	@Override
	public String type() {
		return "mongo";
	}

	@Override
	public String replacedBootContributor() {
		return "mongoHealthContributor";
	}

	@Override
	public @Nullable String datastore() {
		return this.datastore;
	}

	@Override
	public void check(Duration timeout) {
		this.client.getDatabase("admin").withTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).runCommand(PING);
	}

	@Override
	public @Nullable PoolUsage pool() {
		return (this.poolMonitor != null) ? busiest(this.poolMonitor.stats()) : null;
	}

	/**
	 * The use of the busiest server's pool: a replica set saturates one server at a time (usually the primary).
	 * @param pools the statistics of each server's pool
	 * @return the busiest pool's use, or {@code null} before the client has opened a pool
	 */
	static @Nullable PoolUsage busiest(List<MongoPoolStats> pools) {
		PoolUsage busiest = null;
		for (MongoPoolStats pool : pools) {
			int active = Math.max(0, pool.checkedOut());
			PoolUsage usage = PoolUsage.of(active, Math.max(0, pool.size() - active),
					Math.max(0, pool.waitQueueSize()), pool.maxSize());
			if (busiest == null || usage.utilisation() > busiest.utilisation()
					|| (usage.utilisation() == busiest.utilisation() && usage.pending() > busiest.pending())) {
				busiest = usage;
			}
		}
		return busiest;
	}

	@Override
	public List<String> secrets() {
		return this.secrets;
	}

}
