package io.github.resilientdb.redis;

import io.github.resilientdb.engine.DatastoreKind;

/**
 * The {@code redis} kind of datastore (Redis).
 */
public final class RedisDatastoreKind implements DatastoreKind {

	/**
	 * The kind's name.
	 */
	public static final String NAME = "redis";

	@Override
	public String name() {
		return NAME;
	}

}
