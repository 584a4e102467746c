package io.github.resilientdb.mongo.health;

import java.util.List;

import io.github.resilientdb.health.DatastoreProbe;
import io.github.resilientdb.health.PoolUsage;
import io.github.resilientdb.mongo.pool.MongoPoolMonitor;
import io.github.resilientdb.mongo.pool.MongoPoolStats;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * What the probes of the {@code mongo} datastores share, whichever driver their client is of: a {@code ping} command
 * on the {@code admin} database, which every server answers (unlike {@code hello}, which mongo-java-server does not),
 * and the pool's use read from a {@link MongoPoolMonitor} registered with the client. Both replace Spring Boot's
 * {@code mongoHealthContributor}, which is the name of its synchronous and of its reactive contributor.
 */
public abstract class AbstractMongoDatastoreProbe implements DatastoreProbe {

	/**
	 * The command every probe sends.
	 */
	protected static final Document PING = new Document("ping", 1);

	/**
	 * The database the command is sent to.
	 */
	protected static final String ADMIN = "admin";

	private final @Nullable MongoPoolMonitor poolMonitor;

	private final List<String> secrets;

	private final @Nullable String datastore;

	/**
	 * Creates a probe.
	 * @param poolMonitor the monitor registered with the client's pools, or {@code null} if there is none
	 * @param password the configured password, or {@code null}
	 * @param datastore the datastore of this client when it is one of several, or {@code null} for the single or
	 * primary one
	 */
	protected AbstractMongoDatastoreProbe(@Nullable MongoPoolMonitor poolMonitor, @Nullable String password,
			@Nullable String datastore) {
		this.poolMonitor = poolMonitor;
		this.secrets = (password != null) ? List.of(password) : List.of();
		this.datastore = datastore;
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
