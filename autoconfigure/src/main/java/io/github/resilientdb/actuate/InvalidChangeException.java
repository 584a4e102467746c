package io.github.resilientdb.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

/**
 * A change requested through the {@code resilientdb} endpoint that cannot be made: an unknown datastore, no change at
 * all, or a value that is invalid or cannot be applied to the datastore. Nothing was changed.
 */
public class InvalidChangeException extends InvalidEndpointRequestException {

	private final @Nullable String field;

	private final boolean unknownDatastore;

	InvalidChangeException(@Nullable String field, String message) {
		this(field, message, false);
	}

	private InvalidChangeException(@Nullable String field, String message, boolean unknownDatastore) {
		super(message, message);
		this.field = field;
		this.unknownDatastore = unknownDatastore;
	}

	static InvalidChangeException unknownDatastore(String datastore, Iterable<String> known) {
		return new InvalidChangeException("datastore",
				"There is no datastore '" + datastore + "'; datastores: " + known, true);
	}

	/**
	 * The request field with the problem.
	 * @return the field name as the request names it, or {@code null} when the request as a whole is at fault
	 */
	public @Nullable String getField() {
		return this.field;
	}

	/**
	 * Whether the request named a datastore that does not exist.
	 * @return whether the datastore is unknown
	 */
	public boolean isUnknownDatastore() {
		return this.unknownDatastore;
	}

}
