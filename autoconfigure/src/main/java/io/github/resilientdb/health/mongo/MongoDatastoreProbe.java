package io.github.resilientdb.health.mongo;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import com.mongodb.client.MongoClient;
import io.github.resilientdb.health.DatastoreProbe;
import io.github.resilientdb.health.PoolUsage;
import org.bson.Document;
import org.jspecify.annotations.Nullable;

/**
 * Probes the {@code mongo} datastore with a {@code ping} command on the {@code admin} database, which every server
 * answers (unlike {@code hello}, which mongo-java-server does not), bounded by the driver's client-side operation
 * timeout so that server selection and the socket read both give up in time. The pool's use is read from a
 * {@link MongoPoolUsageListener} registered with the client.
 */
public final class MongoDatastoreProbe implements DatastoreProbe {

	private static final Document PING = new Document("ping", 1);

	private final MongoClient client;

	private final @Nullable MongoPoolUsageListener poolListener;

	private final List<String> secrets;

	/**
	 * Creates a probe.
	 * @param client the client
	 * @param poolListener the listener registered with the client's pool, or {@code null} if there is none
	 * @param password the configured password, or {@code null}
	 */
	public MongoDatastoreProbe(MongoClient client, @Nullable MongoPoolUsageListener poolListener,
			@Nullable String password) {
		this.client = client;
		this.poolListener = poolListener;
		this.secrets = (password != null) ? List.of(password) : List.of();
	}

	@Override
	public String type() {
		return "mongo";
	}

	@Override
	public void check(Duration timeout) {
		this.client.getDatabase("admin").withTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS).runCommand(PING);
	}

	@Override
	public @Nullable PoolUsage pool() {
		return (this.poolListener != null) ? this.poolListener.usage() : null;
	}

	@Override
	public List<String> secrets() {
		return this.secrets;
	}

}
