package io.github.resilientdb;

/**
 * How durable the writes of a method must be before the call returns, in one vocabulary across datastores.
 */
public enum Durability {

	/**
	 * The durability configured for the datastore (or collection).
	 */
	DEFAULT,

	/**
	 * Acknowledged by a majority of replicas and journaled: survives the loss of the primary.
	 */
	CRITICAL,

	/**
	 * Acknowledged by the primary and journaled: survives a restart of the primary.
	 */
	IMPORTANT,

	/**
	 * Acknowledged by the primary, possibly only in memory.
	 */
	BULK,

	/**
	 * Not acknowledged at all; allowed only where explicitly configured.
	 */
	FIRE_AND_FORGET

}
