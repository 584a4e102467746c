package io.github.resilientdb.jdbc.autoconfigure;

import java.util.ArrayList;
import java.util.List;

import javax.sql.DataSource;

import io.github.resilientdb.Durability;
import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;
import io.github.resilientdb.jdbc.JdbcDatabase;
import io.github.resilientdb.jdbc.durability.DatastoreDataSources;
import io.github.resilientdb.jdbc.durability.JdbcDurabilityVerifier;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;

/**
 * Says at start-up what MariaDB/MySQL cannot promise to every transaction: a {@code CRITICAL} default level fails the
 * start; an {@code IMPORTANT} default level is logged as a warning. The methods asking for a durability are checked
 * per datastore by {@link JdbcDurabilityVerifier#check}.
 */
final class JdbcDurabilityStartupCheck implements SmartInitializingSingleton {

	private static final Log logger = LogFactory.getLog(JdbcDurabilityStartupCheck.class);

	private final ConfigurableListableBeanFactory beanFactory;

	private final Durability defaultLevel;

	JdbcDurabilityStartupCheck(ConfigurableListableBeanFactory beanFactory, Durability defaultLevel) {
		this.beanFactory = beanFactory;
		this.defaultLevel = defaultLevel;
	}

	@Override
	public void afterSingletonsInstantiated() {
		if (this.defaultLevel != Durability.CRITICAL && this.defaultLevel != Durability.IMPORTANT) {
			return;
		}
		List<String> mariaDbDataSources = mariaDbDataSources();
		if (mariaDbDataSources.isEmpty()) {
			return;
		}
		String where = "MariaDB/MySQL data source(s) " + mariaDbDataSources;
		if (this.defaultLevel == Durability.CRITICAL) {
			throw new InvalidResilientDbPropertyException("resilientdb.jdbc.durability.default-level",
					this.defaultLevel, "DEFAULT, IMPORTANT or BULK: the " + where
							+ " cannot make a transaction wait for its replicas, so every transaction would fail");
		}
		logger.warn("resilientdb.jdbc.durability.default-level=IMPORTANT cannot be set per transaction on the " + where
				+ ": each transaction is checked against the server's innodb_flush_log_at_trx_commit and fails unless "
				+ "it is 1");
	}

	private List<String> mariaDbDataSources() {
		List<String> names = new ArrayList<>();
		for (String name : this.beanFactory.getBeanNamesForType(DataSource.class, false, false)) {
			if (this.beanFactory.containsSingleton(name) && DatastoreDataSources
				.database(this.beanFactory.getBean(name, DataSource.class)) == JdbcDatabase.MARIADB) {
				names.add(name);
			}
		}
		return names;
	}

}
