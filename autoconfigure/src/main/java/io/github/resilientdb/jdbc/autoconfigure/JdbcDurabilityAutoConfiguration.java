package io.github.resilientdb.jdbc.autoconfigure;

import javax.sql.DataSource;

import io.github.resilientdb.autoconfigure.DatastoreClients;
import io.github.resilientdb.jdbc.durability.DatastoreDataSources;
import io.github.resilientdb.jdbc.durability.JdbcDurabilityListener;
import io.github.resilientdb.jdbc.durability.JdbcDurabilityVerifier;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.jdbc.datasource.JdbcTransactionObjectSupport;

/**
 * Durability of JDBC transactions: a {@link JdbcDurabilityListener} on every transaction manager, applying a
 * method's durability to the transactions of its own datastore's data source ({@link DatastoreDataSources}), the
 * {@link JdbcDurabilityVerifier} for methods that join a transaction, and the start-up checks of what MariaDB/MySQL
 * cannot promise.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration",
		"org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration" })
@ConditionalOnClass({ DataSource.class, JdbcTransactionObjectSupport.class })
@ConditionalOnBean(DataSource.class)
@ConditionalOnBooleanProperty(name = "resilientdb.enabled", matchIfMissing = true)
@EnableConfigurationProperties(JdbcPoolProperties.class)
public final class JdbcDurabilityAutoConfiguration {

	@Bean
	static TransactionManagerDurabilityBeanPostProcessor resilientDbTransactionManagerDurabilityBeanPostProcessor(
			ObjectProvider<JdbcPoolProperties> properties, ObjectProvider<DatastoreDataSources> dataSources) {
		return new TransactionManagerDurabilityBeanPostProcessor(properties, dataSources);
	}

	@Bean
	@ConditionalOnMissingBean
	DatastoreDataSources resilientDbDatastoreDataSources(ListableBeanFactory beanFactory,
			ObjectProvider<DatastoreClients> clients) {
		return new DatastoreDataSources(beanFactory, clients);
	}

	@Bean
	@ConditionalOnMissingBean(name = "jdbcDurabilityVerifier")
	JdbcDurabilityVerifier jdbcDurabilityVerifier(DatastoreDataSources dataSources) {
		return new JdbcDurabilityVerifier(dataSources);
	}

	@Bean
	JdbcDurabilityStartupCheck jdbcDurabilityStartupCheck(ConfigurableListableBeanFactory beanFactory,
			JdbcPoolProperties properties) {
		return new JdbcDurabilityStartupCheck(beanFactory, properties.getDurability().getDefaultLevel());
	}

}
