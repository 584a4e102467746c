package io.github.resilientdb.alert;

import java.time.Instant;

import io.github.resilientdb.health.DatastoreStatus;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationEvent;

/**
 * Published when the health of a datastore changes, as its background probe sees it: {@code UP},
 * {@code DEGRADED}, {@code DOWN}. The first check after start-up is an event only when it is not {@code UP}.
 * Listeners are called on a thread of resilient-db's own, never on a request thread nor on the prober's.
 */
public class DatastoreHealthChangedEvent extends ApplicationEvent {

	private final String datastore;

	private final DatastoreStatus from;

	private final DatastoreStatus to;

	private final Instant at;

	private final @Nullable String reason;

	/**
	 * Creates an event.
	 * @param source the object that saw the change
	 * @param datastore the datastore name
	 * @param from its health before
	 * @param to its health now
	 * @param at when the change was seen
	 * @param reason why, without credentials, or {@code null} if there is nothing to say
	 */
	public DatastoreHealthChangedEvent(Object source, String datastore, DatastoreStatus from, DatastoreStatus to,
			Instant at, @Nullable String reason) {
		super(source);
		this.datastore = datastore;
		this.from = from;
		this.to = to;
		this.at = at;
		this.reason = reason;
	}

	/**
	 * The datastore whose health changed.
	 * @return the datastore name
	 */
	public String getDatastore() {
		return this.datastore;
	}

	/**
	 * The datastore's health before.
	 * @return the previous status
	 */
	public DatastoreStatus getFrom() {
		return this.from;
	}

	/**
	 * The datastore's health now.
	 * @return the new status
	 */
	public DatastoreStatus getTo() {
		return this.to;
	}

	/**
	 * When the change was seen.
	 * @return the instant of the check that saw it
	 */
	public Instant getAt() {
		return this.at;
	}

	/**
	 * Why the health changed.
	 * @return the reason, without credentials, or {@code null}
	 */
	public @Nullable String getReason() {
		return this.reason;
	}

	@Override
	public String toString() {
		return "DatastoreHealthChangedEvent[" + this.datastore + " " + this.from + " -> " + this.to + " at " + this.at
				+ "]";
	}

}
