package io.github.resilientdb.mongo.health;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

import com.mongodb.reactivestreams.client.MongoClient;
import io.github.resilientdb.mongo.pool.MongoPoolMonitor;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Probes a {@code mongo} datastore whose client is the reactive streams driver's with a {@code ping} command on the
 * {@code admin} database. The prober's own thread waits for the reply, at most the timeout, which also bounds the
 * driver's server selection and socket read (its client-side operation timeout), so that the driver gives up in time
 * too.
 */
public final class ReactiveMongoDatastoreProbe extends AbstractMongoDatastoreProbe {

	private final MongoClient client;

	/**
	 * Creates a probe.
	 * @param client the client
	 * @param poolMonitor the monitor registered with the client's pools, or {@code null} if there is none
	 * @param password the configured password, or {@code null}
	 * @param datastore the datastore of this client when it is one of several, or {@code null} for the single or
	 * primary one
	 */
	public ReactiveMongoDatastoreProbe(MongoClient client, @Nullable MongoPoolMonitor poolMonitor,
			@Nullable String password, @Nullable String datastore) {
		super(poolMonitor, password, datastore);
		this.client = client;
	}

	@Override
	public void check(Duration timeout) {
		Mono.from(this.client.getDatabase(ADMIN)
			.withTimeout(timeout.toMillis(), TimeUnit.MILLISECONDS)
			.runCommand(PING)).block(timeout);
	}

}
