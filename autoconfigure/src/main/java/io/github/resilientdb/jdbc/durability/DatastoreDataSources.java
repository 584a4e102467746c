package io.github.resilientdb.jdbc.durability;

import java.sql.SQLException;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilientdb.autoconfigure.DatastoreClients;
import io.github.resilientdb.jdbc.JdbcDatabase;
import io.github.resilientdb.jdbc.JdbcDatastoreKind;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.util.ClassUtils;

/**
 * The {@link DataSource} bean each {@code jdbc} datastore works through (see {@link DatastoreClients}), so that a
 * method's durability is applied to, and raised on, the transactions of its own datastore's data source only.
 * Looked up once per datastore, after the application has started.
 */
public final class DatastoreDataSources {

	private static final boolean HIKARI_PRESENT = ClassUtils.isPresent("com.zaxxer.hikari.HikariDataSource",
			DatastoreDataSources.class.getClassLoader());

	private final ListableBeanFactory beanFactory;

	private final ObjectProvider<DatastoreClients> clients;

	private final Map<String, Optional<String>> beanNames = new ConcurrentHashMap<>();

	/**
	 * Creates the lookup.
	 * @param beanFactory the bean factory holding the data sources
	 * @param clients the client beans of every datastore type
	 */
	public DatastoreDataSources(ListableBeanFactory beanFactory, ObjectProvider<DatastoreClients> clients) {
		this.beanFactory = beanFactory;
		this.clients = clients;
	}

	/**
	 * The bean name of a datastore's data source.
	 * @param datastore the datastore name
	 * @return the bean name, or {@code null} if the datastore has no data source: several and none primary
	 */
	public @Nullable String beanName(String datastore) {
		return this.beanNames
			.computeIfAbsent(datastore,
					(name) -> Optional.ofNullable(DatastoreClients
						.find(this.clients, this.beanFactory, DataSource.class, JdbcDatastoreKind.NAME)
						.clientBean(name)))
			.orElse(null);
	}

	/**
	 * The data source of a datastore.
	 * @param datastore the datastore name
	 * @return the data source, or {@code null} if the datastore has none
	 */
	public @Nullable DataSource dataSource(String datastore) {
		String beanName = beanName(datastore);
		return (beanName != null) ? this.beanFactory.getBean(beanName, DataSource.class) : null;
	}

	/**
	 * The connection of the transaction of a datastore's data source under way on this thread.
	 * @param datastore the datastore name
	 * @return the transaction's connection holder, or {@code null} if the data source has no transaction here
	 */
	public @Nullable ConnectionHolder transaction(String datastore) {
		DataSource dataSource = dataSource(datastore);
		return (dataSource != null
				&& TransactionSynchronizationManager.getResource(dataSource) instanceof ConnectionHolder holder
				&& holder.isSynchronizedWithTransaction()) ? holder : null;
	}

	/**
	 * The database behind a data source, read from the URL of its HikariCP pool.
	 * @param dataSource the data source, or {@code null}
	 * @return the database, or {@code null} if it cannot be told: no data source, or not a HikariCP pool
	 */
	public static @Nullable JdbcDatabase database(@Nullable DataSource dataSource) {
		if (dataSource == null || !HIKARI_PRESENT) {
			return null;
		}
		try {
			return dataSource.isWrapperFor(HikariDataSource.class)
					? JdbcDatabase.fromUrl(dataSource.unwrap(HikariDataSource.class).getJdbcUrl()) : null;
		}
		catch (SQLException ex) {
			return null;
		}
	}

}
