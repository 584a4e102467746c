package io.github.resilientdb.autoconfigure;

import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

import io.github.resilientdb.engine.RepositoryDatastores;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.Advised;
import org.springframework.beans.BeansException;
import org.springframework.beans.MutablePropertyValues;
import org.springframework.beans.PropertyValue;
import org.springframework.beans.factory.BeanFactoryUtils;
import org.springframework.beans.factory.config.BeanReference;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.beans.factory.config.RuntimeBeanReference;

/**
 * Tells the datastore of a Spring Data repository from the client behind the bean its repository factory was given
 * (a JPA repository's {@code entityManager}, a MongoDB repository's {@code mongoOperations}, a JDBC repository's
 * {@code jdbcAggregateOperations}, a Redis repository's {@code keyValueOperations}), when a kind of datastore has
 * several client beans. Read once, on the first inference, from the repositories' bean definitions.
 */
public final class ClientRepositoryDatastores implements RepositoryDatastores {

	private static final Log logger = LogFactory.getLog(ClientRepositoryDatastores.class);

	private final ConfigurableListableBeanFactory beanFactory;

	private final DatastoreClients clients;

	private final Class<?> factoryBeanType;

	private final List<ClientProperty> properties;

	private volatile @Nullable Map<Object, String> byRepository;

	/**
	 * Creates the resolver of one kind of repository.
	 * @param beanFactory the bean factory holding the repositories
	 * @param clients the client beans of the kind and their datastores
	 * @param factoryBeanType the type of the repositories' factory beans
	 * @param property the factory bean property that references the bean the repository works through
	 * @param client the client behind that bean (the same instance as a client bean), or {@code null} if unknown
	 */
	public ClientRepositoryDatastores(ConfigurableListableBeanFactory beanFactory, DatastoreClients clients,
			Class<?> factoryBeanType, String property, Function<Object, @Nullable Object> client) {
		this(beanFactory, clients, factoryBeanType, List.of(new ClientProperty(property, client)));
	}

	/**
	 * Creates the resolver of one kind of repository whose factory bean may reference its client through one of
	 * several properties.
	 * @param beanFactory the bean factory holding the repositories
	 * @param clients the client beans of the kind and their datastores
	 * @param factoryBeanType the type of the repositories' factory beans
	 * @param properties the factory bean properties to look at, in order; the first that leads to a client bean wins
	 */
	public ClientRepositoryDatastores(ConfigurableListableBeanFactory beanFactory, DatastoreClients clients,
			Class<?> factoryBeanType, List<ClientProperty> properties) {
		this.beanFactory = beanFactory;
		this.clients = clients;
		this.factoryBeanType = factoryBeanType;
		this.properties = List.copyOf(properties);
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
		for (String factoryName : this.beanFactory.getBeanNamesForType(this.factoryBeanType, false, false)) {
			String name = BeanFactoryUtils.transformedBeanName(factoryName);
			try {
				put(datastores, name);
			}
			catch (BeansException ex) {
				// Not created yet (an inference during start-up): read again on the next inference.
				logger.debug("Could not read the client of repository '" + name + "'", ex);
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
		MutablePropertyValues values = this.beanFactory.getMergedBeanDefinition(repositoryName).getPropertyValues();
		for (ClientProperty property : this.properties) {
			Object bean = referencedBean(values.getPropertyValue(property.name()));
			Object client = (bean != null) ? property.client().apply(bean) : null;
			String datastore = (client != null) ? datastoreOfClient(client) : null;
			if (datastore != null) {
				return datastore;
			}
		}
		logger.debug("The client of repository '" + repositoryName + "' is not a client bean; "
				+ "its datastore is inferred from its type");
		return null;
	}

	/**
	 * The bean a factory bean property references: by name, by type (Spring Data JDBC's default
	 * {@code jdbcAggregateOperations}), or as a bean name given as a value (Spring Data JDBC's
	 * {@code transactionManager}).
	 */
	private @Nullable Object referencedBean(@Nullable PropertyValue property) {
		Object value = (property != null) ? property.getValue() : null;
		if (value instanceof RuntimeBeanReference reference && reference.getBeanType() != null) {
			return this.beanFactory.getBean(reference.getBeanType());
		}
		if (value instanceof BeanReference reference) {
			return this.beanFactory.getBean(reference.getBeanName());
		}
		if (value instanceof String beanName && this.beanFactory.containsBean(beanName)) {
			return this.beanFactory.getBean(beanName);
		}
		return null;
	}

	private @Nullable String datastoreOfClient(Object client) {
		for (Map.Entry<String, String> entry : this.clients.datastoresByBean().entrySet()) {
			if (this.beanFactory.getBean(entry.getKey()) == client) {
				return entry.getValue();
			}
		}
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

	/**
	 * A property of a repository factory bean that references the bean its repository works through, and the way from
	 * that bean to its client.
	 *
	 * @param name the property name
	 * @param client the client behind the referenced bean (the same instance as a client bean), or {@code null} if
	 * unknown
	 */
	public record ClientProperty(String name, Function<Object, @Nullable Object> client) {

	}

}
