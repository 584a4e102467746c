package io.github.resilientdb.engine;

import java.util.List;

import io.github.resilientdb.classify.ErrorClassifier;
import org.jspecify.annotations.Nullable;

/**
 * A kind of datastore resilient-db supports, contributed as a bean by the datastore's auto-configuration when its
 * client is present. Supporting another store means contributing one more of these.
 *
 * @param name the datastore name and type ({@code jdbc}, {@code mongo}, {@code redis})
 * @param classifier classifies the failures of this store's driver
 * @param repositoryPackages package prefixes of the Spring Data repository types and implementations of this store,
 * used to infer the datastore of an annotated repository
 * @param sendTracker knows whether a call sent anything through this store's client, or {@code null} when the
 * client offers no hook for it
 * @param atomicRepositoryWrites whether a repository method that writes one entity applies its writes all or none
 * (true where one entity is one statement or command; false for Redis, whose repositories write an entity with
 * several commands)
 */
public record DatastoreType(String name, ErrorClassifier classifier, List<String> repositoryPackages,
		@Nullable SendTracker sendTracker, boolean atomicRepositoryWrites) {

	/**
	 * Creates a datastore type whose repositories write one entity with one operation.
	 * @param name the datastore name and type
	 * @param classifier classifies the failures of this store's driver
	 * @param repositoryPackages package prefixes of this store's Spring Data support
	 * @param sendTracker knows whether a call sent anything, or {@code null}
	 */
	public DatastoreType(String name, ErrorClassifier classifier, List<String> repositoryPackages,
			@Nullable SendTracker sendTracker) {
		this(name, classifier, repositoryPackages, sendTracker, true);
	}

	/**
	 * Creates a datastore type whose client's requests are not tracked.
	 * @param name the datastore name and type
	 * @param classifier classifies the failures of this store's driver
	 * @param repositoryPackages package prefixes of this store's Spring Data support
	 */
	public DatastoreType(String name, ErrorClassifier classifier, List<String> repositoryPackages) {
		this(name, classifier, repositoryPackages, null, true);
	}

	/**
	 * Whether a type belongs to this store's Spring Data support.
	 * @param type a repository interface or implementation class
	 * @return whether the type is in one of the repository packages
	 */
	public boolean owns(Class<?> type) {
		String typeName = type.getName();
		for (String prefix : this.repositoryPackages) {
			if (typeName.startsWith(prefix)) {
				return true;
			}
		}
		return false;
	}

}
