package io.github.resilientdb.jdbc.durability;

import java.sql.SQLException;

import io.github.resilientdb.Durability;
import io.github.resilientdb.engine.DurabilityScope;
import org.jspecify.annotations.Nullable;

import org.springframework.jdbc.datasource.ConnectionHolder;
import org.springframework.jdbc.datasource.JdbcTransactionObjectSupport;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionExecution;
import org.springframework.transaction.TransactionExecutionListener;
import org.springframework.transaction.TransactionStatus;
import org.springframework.transaction.support.DefaultTransactionStatus;

/**
 * Sets the durability of each JDBC transaction as it begins: the one asked for by the {@code @ResilientDb} method
 * running on the thread when the transaction is one of that method's own datastore's data source, else the configured
 * default (a method's durability is never given to another client's transaction). Transactions that are read-only, or
 * that nobody asked a durability of, cost nothing.
 * <p>
 * When the durability cannot be set, the transaction is rolled back and the failure thrown before any statement of
 * the caller runs: an {@link UnsupportedDurabilityException} when the database cannot promise the level, a
 * {@link CannotCreateTransactionException} when the setting failed.
 */
public final class JdbcDurabilityListener implements TransactionExecutionListener {

	private final PlatformTransactionManager transactionManager;

	private final Durability defaultLevel;

	private final DatastoreDataSources dataSources;

	private final TransactionDurability durability = new TransactionDurability();

	/**
	 * Creates a listener for the transactions of a transaction manager.
	 * @param transactionManager the transaction manager this listener is added to, to roll back with
	 * @param defaultLevel the durability of transactions begun outside a method that asks for one
	 * @param dataSources the data source of each datastore, to tell a method's own transactions
	 */
	public JdbcDurabilityListener(PlatformTransactionManager transactionManager, Durability defaultLevel,
			DatastoreDataSources dataSources) {
		this.transactionManager = transactionManager;
		this.defaultLevel = defaultLevel;
		this.dataSources = dataSources;
	}

	@Override
	public void afterBegin(TransactionExecution transaction, @Nullable Throwable beginFailure) {
		if (beginFailure != null || transaction.isReadOnly()) {
			return;
		}
		ConnectionHolder connectionHolder = connectionHolder(transaction);
		if (connectionHolder == null) {
			return;
		}
		Durability level = DurabilityScope.current();
		if (level != Durability.DEFAULT && !isOfMethodsDatastore(connectionHolder)) {
			level = Durability.DEFAULT;
		}
		if (level == Durability.DEFAULT) {
			level = this.defaultLevel;
		}
		if (level == Durability.DEFAULT) {
			return;
		}
		try {
			this.durability.apply(connectionHolder.getConnection(), level);
		}
		catch (SQLException ex) {
			throw rolledBack(transaction,
					new CannotCreateTransactionException("Could not make the transaction " + level, ex));
		}
		catch (RuntimeException ex) {
			throw rolledBack(transaction, ex);
		}
	}

	private boolean isOfMethodsDatastore(ConnectionHolder connectionHolder) {
		String datastore = DurabilityScope.datastore();
		return datastore != null && this.dataSources.transaction(datastore) == connectionHolder;
	}

	private static @Nullable ConnectionHolder connectionHolder(TransactionExecution transaction) {
		if (transaction instanceof DefaultTransactionStatus status
				&& status.getTransaction() instanceof JdbcTransactionObjectSupport jdbcTransaction
				&& jdbcTransaction.hasConnectionHolder()) {
			return jdbcTransaction.getConnectionHolder();
		}
		return null;
	}

	private RuntimeException rolledBack(TransactionExecution transaction, RuntimeException failure) {
		// Thrown from afterBegin, the failure reaches the caller of getTransaction, which never rolls back.
		try {
			this.transactionManager.rollback((TransactionStatus) transaction);
		}
		catch (RuntimeException ex) {
			failure.addSuppressed(ex);
		}
		return failure;
	}

}
