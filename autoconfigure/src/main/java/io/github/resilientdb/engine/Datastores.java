package io.github.resilientdb.engine;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.framework.Advised;

/**
 * The datastores of the application, by name, and the inference of a repository's datastore.
 */
public final class Datastores {

	private final Map<String, DatastorePolicy> policies;

	private final Map<String, DatastoreType> typesByDatastore;

	private final List<RepositoryDatastores> repositoryDatastores;

	/**
	 * Creates the datastores.
	 * @param policies the policy of each datastore, by name
	 * @param typesByDatastore the type of each datastore, by datastore name
	 */
	public Datastores(Map<String, DatastorePolicy> policies, Map<String, DatastoreType> typesByDatastore) {
		this(policies, typesByDatastore, List.of());
	}

	/**
	 * Creates the datastores.
	 * @param policies the policy of each datastore, by name
	 * @param typesByDatastore the type of each datastore, by datastore name
	 * @param repositoryDatastores tell a repository's datastore from its client, before its type is looked at
	 */
	public Datastores(Map<String, DatastorePolicy> policies, Map<String, DatastoreType> typesByDatastore,
			List<RepositoryDatastores> repositoryDatastores) {
		this.policies = Map.copyOf(policies);
		this.typesByDatastore = Map.copyOf(typesByDatastore);
		this.repositoryDatastores = List.copyOf(repositoryDatastores);
	}

	/**
	 * The names of all datastores.
	 * @return the names
	 */
	public Set<String> names() {
		return this.policies.keySet();
	}

	/**
	 * The policy of a datastore.
	 * @param name the datastore name
	 * @return the policy, or {@code null} if there is no such datastore
	 */
	public @Nullable DatastorePolicy get(String name) {
		return this.policies.get(name);
	}

	/**
	 * The type of a datastore.
	 * @param name the datastore name
	 * @return the type, or {@code null} if there is no such datastore
	 */
	public @Nullable DatastoreType type(String name) {
		return this.typesByDatastore.get(name);
	}

	/**
	 * Infers the datastore of a bean: from the client its repository uses, else from its Spring Data repository type,
	 * else the only datastore present.
	 * @param target the bean (for a repository, its proxy)
	 * @return the datastore name, or {@code null} when it cannot be told
	 */
	@Nullable String infer(Object target) {
		for (RepositoryDatastores resolver : this.repositoryDatastores) {
			String datastore = resolver.datastore(target);
			if (datastore != null && this.policies.containsKey(datastore)) {
				return datastore;
			}
		}
		List<String> candidates = new ArrayList<>();
		for (Map.Entry<String, DatastoreType> entry : this.typesByDatastore.entrySet()) {
			if (isRepositoryOf(target, entry.getValue())) {
				candidates.add(entry.getKey());
			}
		}
		if (candidates.size() > 1) {
			candidates.removeIf((name) -> !name.equals(this.typesByDatastore.get(name).name()));
		}
		if (candidates.size() == 1) {
			return candidates.get(0);
		}
		if (candidates.isEmpty() && this.policies.size() == 1) {
			return this.policies.keySet().iterator().next();
		}
		return null;
	}

	private static boolean isRepositoryOf(Object target, DatastoreType type) {
		for (Class<?> repositoryInterface : target.getClass().getInterfaces()) {
			if (extendsOwnedType(repositoryInterface, type)) {
				return true;
			}
		}
		if (target instanceof Advised advised) {
			Class<?> implementation = advised.getTargetSource().getTargetClass();
			return implementation != null && type.owns(implementation);
		}
		return false;
	}

	private static boolean extendsOwnedType(Class<?> type, DatastoreType datastoreType) {
		if (datastoreType.owns(type)) {
			return true;
		}
		for (Class<?> parent : type.getInterfaces()) {
			if (extendsOwnedType(parent, datastoreType)) {
				return true;
			}
		}
		return false;
	}

}
