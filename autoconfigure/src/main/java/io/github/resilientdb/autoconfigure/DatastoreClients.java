package io.github.resilientdb.autoconfigure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiFunction;

import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * The client beans of one kind of datastore and the datastore each one is. Contributed as a bean by the datastore's
 * auto-configuration so that every client bean becomes a datastore of its own.
 * <p>
 * The naming rule: a single client bean is the datastore named after its kind ({@code jdbc}, {@code mongo},
 * {@code redis}), as is the {@code @Primary} one of several; every other client bean is the datastore named after
 * its bean name, configured under {@code resilientdb.datastores.<bean-name>.*}.
 *
 * @param type the datastore type ({@code jdbc}, {@code mongo}, {@code redis})
 * @param datastoresByBean the datastore name of each client bean, by bean name
 */
public record DatastoreClients(String type, Map<String, String> datastoresByBean) {

	/**
	 * Creates the datastore clients.
	 * @param type the datastore type
	 * @param datastoresByBean the datastore name of each client bean, by bean name
	 */
	public DatastoreClients {
		datastoresByBean = Collections.unmodifiableMap(new LinkedHashMap<>(datastoresByBean));
	}

	/**
	 * Finds the client beans of a kind of datastore and names their datastores by the naming rule.
	 * @param beanFactory the bean factory to search, without initializing any bean
	 * @param clientType the client type ({@code DataSource}, {@code MongoClient}, ...)
	 * @param type the datastore type, the name of the single or primary client's datastore
	 * @return the datastore clients
	 */
	public static DatastoreClients of(ListableBeanFactory beanFactory, Class<?> clientType, String type) {
		List<String> beanNames = Arrays.asList(beanFactory.getBeanNamesForType(clientType, true, false));
		Map<String, String> datastores = new LinkedHashMap<>();
		if (beanNames.size() == 1) {
			datastores.put(beanNames.get(0), type);
			return new DatastoreClients(type, datastores);
		}
		List<String> primary = beanNames.stream().filter((name) -> isPrimary(beanFactory, name)).toList();
		for (String beanName : beanNames) {
			datastores.put(beanName, (primary.size() == 1 && primary.get(0).equals(beanName)) ? type : beanName);
		}
		return new DatastoreClients(type, datastores);
	}

	/**
	 * The datastore clients of a type: the bean contributed for it, else found by the naming rule.
	 * @param clients the client beans of every datastore type
	 * @param beanFactory the bean factory to search when no bean was contributed for the type
	 * @param clientType the client type ({@code DataSource}, {@code MongoClient}, ...)
	 * @param type the datastore type
	 * @return the datastore clients
	 */
	public static DatastoreClients find(ObjectProvider<DatastoreClients> clients, ListableBeanFactory beanFactory,
			Class<?> clientType, String type) {
		return clients.orderedStream()
			.filter((client) -> client.type().equals(type))
			.findFirst()
			.orElseGet(() -> of(beanFactory, clientType, type));
	}

	/**
	 * The datastore of a client bean.
	 * @param beanName the client's bean name
	 * @return the datastore name, the type's name for a bean that is not a known client
	 */
	public String datastore(String beanName) {
		return this.datastoresByBean.getOrDefault(beanName, this.type);
	}

	/**
	 * The client bean a datastore of this type works through: its own, or, for a datastore without a client of its
	 * own (declared by {@code resilientdb.datastores.<name>.type}), the single or primary client's.
	 * @param datastore the datastore name
	 * @return the client's bean name, or {@code null} if the datastore has none: several clients and none of them
	 * primary
	 */
	public @Nullable String clientBean(String datastore) {
		String primary = null;
		for (Map.Entry<String, String> entry : this.datastoresByBean.entrySet()) {
			if (entry.getValue().equals(datastore)) {
				return entry.getKey();
			}
			if (entry.getValue().equals(this.type)) {
				primary = entry.getKey();
			}
		}
		return primary;
	}

	/**
	 * The datastores of the client beans that are not named after the type, which exist only because their client
	 * bean does.
	 * @return the bean-named datastores, by bean name
	 */
	public Map<String, String> ownDatastores() {
		Map<String, String> own = new LinkedHashMap<>(this.datastoresByBean);
		own.values().removeIf(this.type::equals);
		return own;
	}

	/**
	 * Creates something for every client bean of a type that is a datastore of its own, named after its bean.
	 * @param <T> what is created
	 * @param clients the client beans of every datastore type
	 * @param type the datastore type whose clients to take
	 * @param factory creates it from the client's bean name and its datastore name; {@code null} to skip the client
	 * @return what was created, in the order of the clients
	 */
	public static <T> List<T> forOwnDatastores(ObjectProvider<DatastoreClients> clients, String type,
			BiFunction<String, String, @Nullable T> factory) {
		List<T> created = new ArrayList<>();
		clients.orderedStream().filter((client) -> client.type().equals(type)).forEach((client) -> client
			.ownDatastores()
			.forEach((beanName, datastore) -> {
				T item = factory.apply(beanName, datastore);
				if (item != null) {
					created.add(item);
				}
			}));
		return created;
	}

	private static boolean isPrimary(ListableBeanFactory beanFactory, String beanName) {
		if (beanFactory instanceof ConfigurableApplicationContext context) {
			return isPrimary(context.getBeanFactory(), beanName);
		}
		return beanFactory instanceof ConfigurableListableBeanFactory configurable
				&& configurable.containsBeanDefinition(beanName)
				&& configurable.getBeanDefinition(beanName).isPrimary();
	}

}
