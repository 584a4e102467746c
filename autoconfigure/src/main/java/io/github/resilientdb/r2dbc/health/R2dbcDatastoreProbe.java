package io.github.resilientdb.r2dbc.health;

import java.time.Duration;
import java.util.List;

import io.github.resilientdb.health.DatastoreProbe;
import io.github.resilientdb.health.PoolUsage;
import io.github.resilientdb.r2dbc.pool.R2dbcPoolStats;
import io.r2dbc.spi.Connection;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.ValidationDepth;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

/**
 * Probes the {@code r2dbc} datastore: takes a connection from the {@link ConnectionFactory} (from its pool, when it
 * is an r2dbc-pool {@code ConnectionPool}) and asks the driver to validate it against the server
 * ({@link Connection#validate(ValidationDepth) validate(REMOTE)}, a round trip), closing it (back to the pool)
 * whatever the outcome. The whole check is bounded by the probe's timeout: a server that accepts connections but never
 * answers fails it. The pool's use is read from r2dbc-pool's metrics.
 */
public final class R2dbcDatastoreProbe implements DatastoreProbe {

	private final ConnectionFactory connectionFactory;

	private final List<String> secrets;

	private final @Nullable String datastore;

	/**
	 * Creates a probe.
	 * @param connectionFactory the connection factory
	 * @param password the configured password, or {@code null}
	 * @param datastore the datastore of this connection factory when it is one of several, or {@code null} for the
	 * single or primary one
	 */
	public R2dbcDatastoreProbe(ConnectionFactory connectionFactory, @Nullable CharSequence password,
			@Nullable String datastore) {
		this.connectionFactory = connectionFactory;
		this.secrets = (password != null && !password.isEmpty()) ? List.of(password.toString()) : List.of();
		this.datastore = datastore;
	}

	@Override
	public String type() {
		return "r2dbc";
	}

	@Override
	public String replacedBootContributor() {
		return "r2dbcHealthContributor";
	}

	@Override
	public @Nullable String datastore() {
		return this.datastore;
	}

	@Override
	public void check(Duration timeout) {
		Boolean valid = Mono
			.usingWhen(this.connectionFactory.create(),
					(connection) -> Mono.from(connection.validate(ValidationDepth.REMOTE)), Connection::close)
			.timeout(timeout, Mono.error(() -> new R2dbcTimeoutException(
					"No connection validated within " + timeout.toMillis() + "ms")))
			.block();
		if (!Boolean.TRUE.equals(valid)) {
			throw new R2dbcNonTransientResourceException("Connection.validate(REMOTE) returned false");
		}
	}

	@Override
	public @Nullable PoolUsage pool() {
		R2dbcPoolStats stats = R2dbcPoolStats.of(this.connectionFactory);
		return (stats != null) ? stats.usage() : null;
	}

	@Override
	public List<String> secrets() {
		return this.secrets;
	}

}
