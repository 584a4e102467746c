package io.github.resilientdb.jdbc.pool;

import javax.sql.DataSource;

import io.github.resilientdb.actuate.DatastorePool;
import org.jspecify.annotations.Nullable;

/**
 * The HikariCP pool of one {@code jdbc} datastore's {@code DataSource}, read and resized through
 * {@link JdbcPoolControl}.
 */
public final class JdbcDatastorePool implements DatastorePool {

	private final String datastore;

	private final JdbcPoolControl control;

	/**
	 * Creates the pool view.
	 * @param datastore the datastore whose data source the pool is
	 * @param control the control of that data source's HikariCP pool
	 */
	public JdbcDatastorePool(String datastore, JdbcPoolControl control) {
		this.datastore = datastore;
		this.control = control;
	}

	/**
	 * Creates the pool view of a data source if it is a HikariCP pool (or a proxy that wraps one).
	 * @param datastore the datastore whose data source it is
	 * @param dataSource the data source
	 * @return the pool view, or {@code null} if the data source is not a HikariCP pool
	 */
	public static @Nullable JdbcDatastorePool ofHikari(String datastore, DataSource dataSource) {
		try {
			return new JdbcDatastorePool(datastore, JdbcPoolControl.of(dataSource));
		}
		catch (IllegalArgumentException ex) {
			return null;
		}
	}

	@Override
	public String datastore() {
		return this.datastore;
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
