package io.github.resilientdb.actuate;

import java.util.List;
import java.util.function.BiFunction;

import io.github.resilientdb.autoconfigure.DatastoreClients;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The pools of the datastores that exist because a kind has several client beans, one per such client whose pool
 * the starter can read. Contributed as a bean by each store's pool auto-configuration; the single or primary client's
 * pool is a {@link DatastorePool} bean of its own.
 *
 * @param pools the pools, each naming its datastore
 */
public record ClientDatastorePools(List<DatastorePool> pools) {

	/**
	 * Creates the pools.
	 * @param pools the pools, each naming its datastore
	 */
	public ClientDatastorePools {
		pools = List.copyOf(pools);
	}

	/**
	 * Creates the pool view of every client bean of a type that is a datastore of its own, named after its bean.
	 * @param clients the client beans of every datastore type
	 * @param type the datastore type whose clients' pools to view
	 * @param pool creates the pool view of a client from its bean name and its datastore name, {@code null} for a
	 * client whose pool the starter cannot read
	 * @return the pools
	 */
	public static ClientDatastorePools of(ObjectProvider<DatastoreClients> clients, String type,
			BiFunction<String, String, @Nullable DatastorePool> pool) {
		return new ClientDatastorePools(DatastoreClients.forOwnDatastores(clients, type, pool));
	}

}
