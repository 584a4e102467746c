package io.github.resilientdb.jdbc.durability;

import java.sql.SQLException;

import javax.sql.DataSource;

import io.github.resilientdb.Durability;
import io.github.resilientdb.engine.DurabilityVerifier;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Honours the durability of a {@code @ResilientDb} method that joined a transaction begun before it: when the method
 * returns inside that transaction, the transaction is raised to at least the method's durability before it commits
 * (never lowered, as it may hold writes that asked for more). A method that began its own transaction got its
 * durability from {@link JdbcDurabilityListener} already.
 */
public final class JdbcDurabilityVerifier implements DurabilityVerifier {

	private final ObjectProvider<DataSource> dataSources;

	private final TransactionDurability durability = new TransactionDurability();

	/**
	 * Creates a verifier.
	 * @param dataSources the application's data sources, whose transactional connections are looked up
	 */
	public JdbcDurabilityVerifier(ObjectProvider<DataSource> dataSources) {
		this.dataSources = dataSources;
	}

	@Override
	public String datastoreType() {
		return "jdbc";
	}

	@Override
	public void verify(String datastore, Durability durability) {
		if (!TransactionSynchronizationManager.isActualTransactionActive()
				|| TransactionSynchronizationManager.isCurrentTransactionReadOnly()) {
			return;
		}
		this.dataSources.orderedStream().forEach((dataSource) -> {
			if (TransactionSynchronizationManager.getResource(dataSource) instanceof ConnectionHolder holder
					&& holder.isSynchronizedWithTransaction()) {
				try {
					this.durability.raise(holder.getConnection(), durability);
				}
				catch (SQLException ex) {
					throw new UncategorizedSQLException("Raising the durability of the transaction to " + durability,
							null, ex);
				}
			}
		});
	}

}
