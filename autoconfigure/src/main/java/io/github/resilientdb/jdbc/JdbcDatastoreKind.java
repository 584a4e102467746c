package io.github.resilientdb.jdbc;

import io.github.resilientdb.engine.DatastoreKind;

/**
 * The {@code jdbc} kind of datastore (JDBC).
 */
public final class JdbcDatastoreKind implements DatastoreKind {

	/**
	 * The kind's name.
	 */
	public static final String NAME = "jdbc";

	@Override
	public String name() {
		return NAME;
	}

}
