package io.github.resilientdb.engine;

import org.jspecify.annotations.Nullable;

/**
 * Tells the datastore of a repository from the client it uses, when a kind of datastore has several client beans
 * (for a Spring Data JPA repository, the {@code DataSource} of its {@code EntityManagerFactory}). Contributed as a
 * bean by the datastore's auto-configuration; consulted before the inference from the repository's type.
 */
@FunctionalInterface
public interface RepositoryDatastores {

	/**
	 * The datastore of a repository.
	 * @param repository the repository bean or its target
	 * @return the datastore name, or {@code null} when this resolver cannot tell
	 */
	@Nullable String datastore(Object repository);

}
