package io.github.resilientdb.engine;

import io.github.resilientdb.Durability;
import io.github.resilientdb.DurabilityException;

/**
 * Verifies, after a {@code @ResilientDb} method returned, that its writes reached the durability it asked for, on the
 * client of the method's own datastore. Contributed as a bean by a datastore type whose durability is checked after
 * the fact (Redis {@code WAIT}) or raised on a transaction the method joined (JDBC).
 */
public interface DurabilityVerifier {

	/**
	 * The type of datastore this verifier serves.
	 * @return the datastore type name, such as {@code redis}
	 */
	String datastoreType();

	/**
	 * Checks, when a method's policy is resolved at start-up, that a durability can be honoured on the client of a
	 * datastore, so that a method whose durability would be applied to another client, or to none, fails the start.
	 * @param method the method, as {@code SimpleClassName.method}, for warnings about what is honoured only at runtime
	 * @param datastore the datastore name
	 * @param durability the durability asked for, never {@link Durability#DEFAULT}
	 * @throws IllegalArgumentException if it cannot, saying why
	 */
	default void check(String method, String datastore, Durability durability) {
	}

	/**
	 * Verifies the writes just made on this thread.
	 * @param datastore the datastore name
	 * @param durability the durability asked for, never {@link Durability#DEFAULT}
	 * @throws DurabilityException if the durability was not reached
	 */
	void verify(String datastore, Durability durability);

}
