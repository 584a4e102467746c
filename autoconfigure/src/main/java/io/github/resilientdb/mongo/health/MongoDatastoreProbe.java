package io.github.resilientdb.mongo.health;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import io.github.resilientdb.mongo.pool.MongoPoolMonitor;
import org.jspecify.annotations.Nullable;

/**
 * Probes a {@code mongo} datastore whose client is the synchronous driver's with a {@code ping} command on the
 * {@code admin} database, bounded by the driver's client-side operation timeout so that server selection and the
 * socket read both give up in time.
 */
public final class MongoDatastoreProbe extends AbstractMongoDatastoreProbe {

	private final MongoClient client;

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
		super(poolMonitor, password, datastore);
		this.client = client;
	}

	@Override
	public void check(Duration timeout) {
		this.client.getDatabase(ADMIN).withTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).runCommand(PING);
	}

}
