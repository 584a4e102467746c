package io.github.resilientdb.health.autoconfigure;

import java.util.List;
import java.util.function.BiFunction;

import io.github.resilientdb.autoconfigure.DatastoreClients;
import io.github.resilientdb.health.DatastoreProbe;

import org.springframework.beans.factory.ObjectProvider;

/**
 * The probes of the datastores that exist because a kind has several client beans, one probe per such client.
 * Contributed as a bean by each store's health auto-configuration.
 *
 * @param probes the probes, each naming its datastore
 */
public record ClientDatastoreProbes(List<DatastoreProbe> probes) {

	/**
	 * Creates the probes.
	 * @param probes the probes, each naming its datastore
	 */
	public ClientDatastoreProbes {
		probes = List.copyOf(probes);
	}

	/**
	 * Creates one probe for every client bean of a type that is a datastore of its own, named after its bean.
	 * @param clients the client beans of every datastore type
	 * @param type the datastore type whose clients to probe
	 * @param probe creates the probe of a client from its bean name and its datastore name
	 * @return the probes
	 */
	public static ClientDatastoreProbes of(ObjectProvider<DatastoreClients> clients, String type,
			BiFunction<String, String, DatastoreProbe> probe) {
		return new ClientDatastoreProbes(DatastoreClients.forOwnDatastores(clients, type, probe));
	}

}
