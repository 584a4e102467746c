package io.github.resilientdb.r2dbc;

import io.github.resilientdb.engine.DatastoreKind;

/**
 * The {@code r2dbc} kind of datastore (R2DBC, reactive SQL).
 */
public final class R2dbcDatastoreKind implements DatastoreKind {

	/**
	 * The kind's name.
	 */
	public static final String NAME = "r2dbc";

	@Override
	public String name() {
		return NAME;
	}

}
