package io.github.resilientdb.health.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.engine.Datastores;
import io.github.resilientdb.health.DatastoreProbe;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * Matches the datastores {@code @ResilientDb} knows with their probes: the probe of the datastore's own client
 * bean, else the probe of its type's single or primary client.
 */
final class ProbedDatastores {

	private static final Log logger = LogFactory.getLog(ProbedDatastores.class);

	private ProbedDatastores() {
	}

	/**
	 * The probe of each datastore whose type has one.
	 * @param datastores the datastores
	 * @param probes the probes present
	 * @return the probes by datastore name, in name order
	 */
	static Map<String, DatastoreProbe> of(Datastores datastores, List<DatastoreProbe> probes) {
		Map<String, DatastoreProbe> probesByDatastore = new LinkedHashMap<>();
		datastores.names().stream().sorted().forEach((datastore) -> {
			DatastoreType type = datastores.type(datastore);
			DatastoreProbe probe = (type != null) ? probes.stream()
				.filter((candidate) -> datastore.equals(candidate.datastore()))
				.findFirst()
				.orElseGet(() -> probes.stream()
					.filter((candidate) -> candidate.datastore() == null && candidate.type().equals(type.name()))
					.findFirst()
					.orElse(null)) : null;
			if (probe != null) {
				probesByDatastore.put(datastore, probe);
			}
			else {
				logger.debug("Datastore '" + datastore + "' has no health probe");
			}
		});
		return probesByDatastore;
	}

}
