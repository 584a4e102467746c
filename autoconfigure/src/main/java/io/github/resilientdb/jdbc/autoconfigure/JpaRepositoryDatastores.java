package io.github.resilientdb.jdbc.autoconfigure;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.Map;

import javax.sql.DataSource;

import io.github.resilientdb.autoconfigure.DatastoreClients;
import io.github.resilientdb.engine.RepositoryDatastores;
import jakarta.persistence.EntityManager;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.Advised;
import org.springframework.beans.BeansException;
import org.springframework.beans.PropertyValue;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.config.BeanReference;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.data.jpa.repository.support.JpaRepositoryFactoryBean;
import org.springframework.orm.jpa.EntityManagerFactoryInfo;

/**
 * Tells the datastore of a Spring Data JPA repository from the {@code DataSource} of the
 * {@code EntityManagerFactory} it uses ({@code @EnableJpaRepositories(entityManagerFactoryRef = ...)}), when the
 * application has several data sources. Read once, on the first inference, from the repositories' bean definitions.
 */
final class JpaRepositoryDatastores implements RepositoryDatastores {

	private static final Log logger = LogFactory.getLog(JpaRepositoryDatastores.class);

	private final ConfigurableListableBeanFactory beanFactory;

	private final DatastoreClients clients;

	private volatile @Nullable Map<Object, String> byRepository;

	JpaRepositoryDatastores(ConfigurableListableBeanFactory beanFactory, DatastoreClients clients) {
		this.beanFactory = beanFactory;
		this.clients = clients;
	}

	@Override
	public @Nullable String datastore(Object repository) {
		if (this.clients.ownDatastores().isEmpty()) {
			return null;
		}
		Map<Object, String> datastores = this.byRepository;
		if (datastores != null) {
			return datastores.get(repository);
		}
		datastores = new IdentityHashMap<>();
		boolean complete = true;
		for (String factoryName : this.beanFactory.getBeanNamesForType(JpaRepositoryFactoryBean.class, false,
				false)) {
			String name = BeanFactoryUtils.transformedBeanName(factoryName);
			try {
				put(datastores, name);
			}
			catch (BeansException ex) {
				// Not created yet (an inference during start-up): read again on the next inference.
				logger.debug("Could not read the EntityManagerFactory of repository '" + name + "'", ex);
				complete = false;
			}
		}
		if (complete) {
			this.byRepository = Collections.unmodifiableMap(datastores);
		}
		return datastores.get(repository);
	}

	private void put(Map<Object, String> datastores, String repositoryName) {
		String datastore = datastoreOf(repositoryName);
		if (datastore != null) {
			Object repository = this.beanFactory.getBean(repositoryName);
			datastores.put(repository, datastore);
			Object target = target(repository);
			if (target != null) {
				datastores.put(target, datastore);
			}
		}
	}

	private @Nullable String datastoreOf(String repositoryName) {
		PropertyValue entityManagerValue = this.beanFactory.getMergedBeanDefinition(repositoryName)
			.getPropertyValues()
			.getPropertyValue("entityManager");
		if (entityManagerValue == null || !(entityManagerValue.getValue() instanceof BeanReference reference)
				|| !(this.beanFactory.getBean(reference.getBeanName()) instanceof EntityManager entityManager)
				|| !(entityManager.getEntityManagerFactory() instanceof EntityManagerFactoryInfo info)) {
			return null;
		}
		DataSource dataSource = info.getDataSource();
		for (Map.Entry<String, String> client : this.clients.datastoresByBean().entrySet()) {
			if (dataSource != null && this.beanFactory.getBean(client.getKey()) == dataSource) {
				return client.getValue();
			}
		}
		logger.debug("The DataSource of repository '" + repositoryName + "' is not a DataSource bean; "
				+ "its datastore is inferred from its type");
		return null;
	}

	private static @Nullable Object target(Object repository) {
		if (repository instanceof Advised advised) {
			try {
				return advised.getTargetSource().getTarget();
			}
			catch (Exception ex) {
				return null;
			}
		}
		return null;
	}

}
