package io.github.resilientdb.actuate;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.InvalidEndpointRequestException;

/**
 * A change requested through the {@code resilientdb} endpoint that cannot be made: an unknown datastore, no change at
 * all, or a value that is invalid or cannot be applied to the datastore. Nothing was changed.
 */
public class InvalidChangeException extends InvalidEndpointRequestException {

	private final @Nullable String field;

	private final @Nullable String accepted;

	private final boolean unknownDatastore;

	InvalidChangeException(@Nullable String field, String message) {
		this(field, null, message, false);
	}

	InvalidChangeException(String field, String accepted, String message) {
		this(field, accepted, message, false);
	}

	private InvalidChangeException(@Nullable String field, @Nullable String accepted, String message,
			boolean unknownDatastore) {
		super(message, message);
		this.field = field;
		this.accepted = accepted;
		this.unknownDatastore = unknownDatastore;
	}

	static InvalidChangeException unknownDatastore(String datastore, Iterable<String> known) {
		return new InvalidChangeException("datastore", "one of " + known,
				"There is no datastore '" + LogSafe.value(datastore) + "'; datastores: " + known, true);
	}

	/**
	 * The request field with the problem.
	 * @return the field name as the request names it, or {@code null} when the request as a whole is at fault
	 */
	public @Nullable String getField() {
		return this.field;
	}

	/**
	 * What the field accepts.
	 * @return the values or range the field accepts, or {@code null} when the request as a whole is at fault
	 */
	public @Nullable String getAccepted() {
		return this.accepted;
	}

	/**
	 * Whether the request named a datastore that does not exist.
	 * @return whether the datastore is unknown
	 */
	public boolean isUnknownDatastore() {
		return this.unknownDatastore;
	}

}
