package io.github.resilientdb.jdbc.durability;

import java.sql.SQLException;

import io.github.resilientdb.Durability;
import io.github.resilientdb.engine.DurabilityVerifier;
import io.github.resilientdb.jdbc.JdbcDatabase;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Honours the durability of a {@code @ResilientDb} method that joined a transaction begun before it: when the method
 * returns inside a transaction of its own datastore's data source, that transaction is raised to at least the
 * method's durability before it commits (never lowered, as it may hold writes that asked for more). Transactions of
 * other data sources are left alone. A method that began its own transaction got its durability from
 * {@link JdbcDurabilityListener} already.
 * <p>
 * At start-up, a method asking for {@code CRITICAL} on a datastore whose data source is MariaDB/MySQL fails the start,
 * as does one on a datastore without a data source; {@code IMPORTANT} there is logged as a warning (it runs only
 * when the server flushes its log at every commit).
 */
public final class JdbcDurabilityVerifier implements DurabilityVerifier {

	private static final Log logger = LogFactory.getLog(JdbcDurabilityVerifier.class);

	private final DatastoreDataSources dataSources;

	private final TransactionDurability durability = new TransactionDurability();

	/**
	 * Creates a verifier.
	 * @param dataSources the data source of each datastore, whose transactional connections are looked up
	 */
	public JdbcDurabilityVerifier(DatastoreDataSources dataSources) {
		this.dataSources = dataSources;
	}

	@Override
	public String datastoreType() {
		return "jdbc";
	}

	@Override
	public void check(String method, String datastore, Durability durability) {
		String beanName = this.dataSources.beanName(datastore);
		if (beanName == null) {
			throw new IllegalArgumentException("the application has several DataSource beans and none is @Primary, "
					+ "so the datastore has no DataSource of its own");
		}
		if (durability != Durability.CRITICAL && durability != Durability.IMPORTANT
				|| DatastoreDataSources.database(this.dataSources.dataSource(datastore)) != JdbcDatabase.MARIADB) {
			return;
		}
		if (durability == Durability.CRITICAL) {
			throw new IllegalArgumentException("its DataSource '" + beanName + "' is MariaDB/MySQL, which cannot make "
					+ "a transaction wait for its replicas (CRITICAL is PostgreSQL's synchronous_commit)");
		}
		logger.warn("@ResilientDb on " + method + " asks for IMPORTANT on datastore '" + datastore + "', whose DataSource '"
				+ beanName + "' is MariaDB/MySQL: its calls fail unless the server runs with "
				+ "innodb_flush_log_at_trx_commit=1");
	}

	@Override
	public void verify(String datastore, Durability durability) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()
				|| TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
			return;
		}
		ConnectionHolder holder = this.dataSources.transaction(datastore);
		if (holder == null) {
			return;
		}
		try {
			this.durability.raise(holder.getConnection(), durability);
		}
		catch (SQLException ex) {
			throw new UncategorizedSQLException("Raising the durability of the transaction to " + durability, null,
					ex);
		}
	}

}
