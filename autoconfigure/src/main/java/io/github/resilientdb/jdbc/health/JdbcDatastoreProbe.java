package io.github.resilientdb.jdbc.health;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.function.Supplier;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariConfigMXBean;
import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.HikariPoolMXBean;
import io.github.resilientdb.health.DatastoreProbe;
import io.github.resilientdb.health.PoolUsage;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.util.ClassUtils;

/**
 * Probes the {@code jdbc} datastore: borrows a connection from the {@link DataSource} and asks the driver whether it
 * is valid ({@link Connection#isValid(int)}, which the driver bounds with its own network timeout). Borrowing waits
 * at most the pool's connection timeout. The pool's use is read from HikariCP's pool MXBean when the data source is
 * (or wraps) a {@link HikariDataSource}.
 */
public final class JdbcDatastoreProbe implements DatastoreProbe {

	private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
			JdbcDatastoreProbe.class.getClassLoader());

	private final DataSource dataSource;

	private final List<String> secrets;

	private final Supplier<@Nullable PoolUsage> pool;

	private final @Nullable String datastore;

	/**
	 * Creates a probe of the single or primary data source.
	 * @param dataSource the data source
	 * @param password the configured password, or {@code null}
	 */
	public JdbcDatastoreProbe(DataSource dataSource, @Nullable String password) {
		this(dataSource, password, null);
	}

	/**
	 * Creates a probe.
	 * @param dataSource the data source
	 * @param password the configured password, or {@code null}
	 * @param datastore the datastore of this data source when it is one of several, or {@code null} for the single
	 * or primary one
	 */
	public JdbcDatastoreProbe(DataSource dataSource, @Nullable String password, @Nullable String datastore) {
		this.datastore = datastore;
		this.dataSource = dataSource;
		this.secrets = (password != null) ? List.of(password) : List.of();
		this.pool = HIKARI_PRESENT ? Hikari.pool(dataSource) : () -> null;
	}

	@Override
	public String type() {
		return "jdbc";
	}

	@Override
	public String replacedBootContributor() {
		return "dbHealthContributor";
	}

	/**
	 * Creates the probe of a data source that is one of several, masking the password its pool was given.
	 * @param dataSource the data source
	 * @param datastore the datastore of this data source
	 * @return the probe
	 */
	public static JdbcDatastoreProbe of(DataSource dataSource, String datastore) {
		return new JdbcDatastoreProbe(dataSource, HIKARI_PRESENT ? Hikari.password(dataSource) : null, datastore);
	}

	@Override
	public @Nullable String datastore() {
		return this.datastore;
	}

	@Override
	public void check(Duration timeout) throws SQLException {
		int seconds = (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
		try (Connection connection = this.dataSource.getConnection()) {
			if (!connection.isValid(seconds)) {
				throw new SQLException("Connection.isValid(" + seconds + ") returned false");
			}
		}
	}

	@Override
	public @Nullable PoolUsage pool() {
		return this.pool.get();
	}

	@Override
	public List<String> secrets() {
		return this.secrets;
	}

	/**
	 * Reads HikariCP's pool, kept apart so that the probe works without HikariCP.
	 */
	private static final class Hikari {

		static @Nullable String password(DataSource dataSource) {
			HikariDataSource hikari = DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class,
					HikariDataSource.class);
			return (hikari != null) ? hikari.getPassword() : null;
		}

		static Supplier<@Nullable PoolUsage> pool(DataSource dataSource) {
			HikariDataSource hikari = DataSourceUnwrapper.unwrap(dataSource, HikariConfigMXBean.class,
					HikariDataSource.class);
			if (hikari == null) {
				return () -> null;
			}
			return () -> {
				HikariPoolMXBean pool = hikari.getHikariPoolMXBean();
				int max = hikari.getMaximumPoolSize();
				if (pool == null) {
					return PoolUsage.of(0, 0, 0, max);
				}
				return PoolUsage.of(pool.getActiveConnections(), pool.getIdleConnections(),
						pool.getThreadsAwaitingConnection(), max);
			};
		}

	}

}
