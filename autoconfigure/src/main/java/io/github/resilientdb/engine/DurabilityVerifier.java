package io.github.resilientdb.engine;

import io.github.resilientdb.Durability;
import io.github.resilientdb.DurabilityException;

/**
 * Verifies, after a {@code @ResilientDb} method returned, that its writes reached the durability it asked for.
 * Contributed as a bean by a datastore whose durability is checked after the fact (Redis {@code WAIT}).
 */
public interface DurabilityVerifier {

	/**
	 * The type of datastore this verifier serves.
	 * @return the datastore type name, such as {@code redis}
	 */
	String datastoreType();

	/**
	 * Verifies the writes just made on this thread.
	 * @param datastore the datastore name
	 * @param durability the durability asked for, never {@link Durability#DEFAULT}
	 * @throws DurabilityException if the durability was not reached
	 */
	void verify(String datastore, Durability durability);

}
