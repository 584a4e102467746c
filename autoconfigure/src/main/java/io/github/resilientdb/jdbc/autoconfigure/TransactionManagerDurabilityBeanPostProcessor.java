package io.github.resilientdb.jdbc.autoconfigure;

import io.github.resilientdb.jdbc.durability.DatastoreDataSources;
import io.github.resilientdb.jdbc.durability.JdbcDurabilityListener;

import org.springframework.beans.BeansException;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.transaction.ConfigurableTransactionManager;
import org.springframework.transaction.PlatformTransactionManager;

/**
 * Adds a {@link JdbcDurabilityListener} to every transaction manager, Boot's or the application's, so that no JDBC
 * transaction escapes the durability it was asked for. The listener ignores transactions that are not JDBC ones, and
 * gives a method's durability only to the transactions of its own datastore's data source.
 */
final class TransactionManagerDurabilityBeanPostProcessor implements BeanPostProcessor {

	private final ObjectProvider<JdbcPoolProperties> properties;

	private final ObjectProvider<DatastoreDataSources> dataSources;

	TransactionManagerDurabilityBeanPostProcessor(ObjectProvider<JdbcPoolProperties> properties,
			ObjectProvider<DatastoreDataSources> dataSources) {
		this.properties = properties;
		this.dataSources = dataSources;
	}

	@Override
	public Object postProcessBeforeInitialization(Object bean, String beanName) throws BeansException {
		if (bean instanceof ConfigurableTransactionManager configurable
				&& bean instanceof PlatformTransactionManager transactionManager && configurable
					.getTransactionExecutionListeners()
					.stream()
					.noneMatch(JdbcDurabilityListener.class::isInstance)) {
			configurable.addListener(new JdbcDurabilityListener(transactionManager,
					this.properties.getObject().getDurability().getDefaultLevel(), this.dataSources.getObject()));
		}
		return bean;
	}

}
