package io.github.resilientdb.health.autoconfigure;

import java.util.List;

import io.github.resilientdb.health.DatastoreProbe;

/**
 * The probes of the datastores that exist because a kind has several client beans, one probe per such client.
 *
 * @param probes the probes, each naming its datastore
 */
record ClientDatastoreProbes(List<DatastoreProbe> probes) {

	ClientDatastoreProbes {
		probes = List.copyOf(probes);
	}

}
