package io.github.resilientdb.engine;

import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Whether the calling thread is inside a transaction; kept apart so that spring-tx stays optional.
 */
final class TransactionScope {

	private TransactionScope() {
	}

	static boolean isActive() {
		return TransactionSynchronizationManager.isActualTransactionActive();
	}

}
