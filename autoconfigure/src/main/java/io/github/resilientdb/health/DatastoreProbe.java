package io.github.resilientdb.health;

import java.time.Duration;
import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Checks that one datastore answers, for the background prober. Each store's health auto-configuration contributes
 * the probe of its type's single or primary client as a bean, and those of its other clients as
 * {@code ClientDatastoreProbes}; supporting another store means contributing one more.
 * <p>
 * A probe is run on a thread of its own, one at a time per datastore, and abandoned when it outlives its timeout;
 * it should nevertheless bound its own waits with the driver's timeouts so that its thread is freed soon after.
 */
public interface DatastoreProbe {

	/**
	 * The datastore type this probe checks, as named by its {@code DatastoreType}.
	 * @return the type name
	 */
	String type();

	/**
	 * The one datastore this probe checks, when its type has several client beans.
	 * @return the datastore name, or {@code null} when the probe checks the type's single or primary client
	 */
	default @Nullable String datastore() {
		return null;
	}

	/**
	 * The bean name of Spring Boot's own health contributor for this probe's client, which resilient-db removes from
	 * the health registries (unless {@code resilientdb.health.replace-boot-indicators=false}) so that no health
	 * request blocks on a dead server.
	 * @return the bean name, or {@code null} if the probe replaces none
	 */
	default @Nullable String replacedBootContributor() {
		return null;
	}

	/**
	 * Checks the datastore once.
	 * @param timeout how long the check may take
	 * @throws Exception if the datastore did not answer correctly
	 */
	void check(Duration timeout) throws Exception;

	/**
	 * The current use of the client's connection pool, read from memory without any I/O.
	 * @return the pool's use, or {@code null} if it is not known
	 */
	default @Nullable PoolUsage pool() {
		return null;
	}

	/**
	 * The configured secrets of the datastore (passwords), masked wherever they appear in an error message.
	 * @return the secrets, possibly empty
	 */
	default List<String> secrets() {
		return List.of();
	}

}
