package io.github.resilientdb.mongo;

import io.github.resilientdb.engine.DatastoreKind;

/**
 * The {@code mongo} kind of datastore (MongoDB).
 */
public final class MongoDatastoreKind implements DatastoreKind {

	/**
	 * The kind's name.
	 */
	public static final String NAME = "mongo";

	@Override
	public String name() {
		return NAME;
	}

}
