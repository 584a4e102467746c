package io.github.resilientdb.jdbc.pool;

import io.github.resilientdb.actuate.DatastorePool;

/**
 * The HikariCP pool of the {@code jdbc} datastores, read and resized through {@link JdbcPoolControl}.
 */
public final class JdbcDatastorePool implements DatastorePool {

	private final JdbcPoolControl control;

	/**
	 * Creates the pool view.
	 * @param control the control of the application's HikariCP pool
	 */
	public JdbcDatastorePool(JdbcPoolControl control) {
		this.control = control;
	}

	@Override
	public String datastoreType() {
		return "jdbc";
	}

	@Override
	public JdbcPoolStats stats() {
		return this.control.stats();
	}

	@Override
	public PoolSize size() {
		JdbcPoolStats stats = this.control.stats();
		return new PoolSize(stats.maximum(), stats.minimumIdle());
	}

	@Override
	public void resize(PoolSize size) {
		this.control.resize(size.maximumPoolSize(), size.minimumIdle());
	}

}
