package io.github.resilientdb.r2dbc.pool;

import io.github.resilientdb.actuate.DatastorePool;
import io.github.resilientdb.r2dbc.R2dbcDatastoreKind;
import io.r2dbc.spi.ConnectionFactory;

/**
 * The single or primary {@code r2dbc} datastore's r2dbc-pool {@code ConnectionPool} in the {@code resilientdb} endpoint: its state,
 * read-only (r2dbc-pool cannot be resized once built).
 */
public final class R2dbcDatastorePool implements DatastorePool {

	private final ConnectionFactory connectionFactory;

	/**
	 * Creates the pool view.
	 * @param connectionFactory the single or primary connection factory, pooled by r2dbc-pool
	 */
	public R2dbcDatastorePool(ConnectionFactory connectionFactory) {
		this.connectionFactory = connectionFactory;
	}

	@Override
	public String datastore() {
		return R2dbcDatastoreKind.NAME;
	}

	@Override
	public Object stats() {
		R2dbcPoolStats stats = R2dbcPoolStats.of(this.connectionFactory);
		return (stats != null) ? stats : "metrics unavailable";
	}

}
