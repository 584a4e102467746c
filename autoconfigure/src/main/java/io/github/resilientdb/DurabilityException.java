package io.github.resilientdb;

import org.springframework.dao.DataAccessException;

/**
 * Thrown when a write was applied but could not be made as durable as its {@link Durability} asks, for example when
 * fewer replicas acknowledged it than required. The write itself is not undone: the caller decides whether to
 * repeat it (if idempotent), compensate, or alert.
 */
public class DurabilityException extends DataAccessException {

	private final String datastore;

	private final Durability durability;

	private final int requiredAcknowledgements;

	private final int acknowledgements;

	/**
	 * Creates an instance.
	 * @param datastore the datastore name
	 * @param durability the durability asked for
	 * @param requiredAcknowledgements how many replicas had to acknowledge the write
	 * @param acknowledgements how many did
	 * @param message a description of what happened
	 */
	public DurabilityException(String datastore, Durability durability, int requiredAcknowledgements,
			int acknowledgements, String message) {
		super(message);
		this.datastore = datastore;
		this.durability = durability;
		this.requiredAcknowledgements = requiredAcknowledgements;
		this.acknowledgements = acknowledgements;
	}

	/**
	 * The datastore the write went to.
	 * @return the datastore name
	 */
	public String getDatastore() {
		return this.datastore;
	}

	/**
	 * The durability asked for.
	 * @return the durability
	 */
	public Durability getDurability() {
		return this.durability;
	}

	/**
	 * How many replicas had to acknowledge the write.
	 * @return the required number of acknowledgements
	 */
	public int getRequiredAcknowledgements() {
		return this.requiredAcknowledgements;
	}

	/**
	 * How many replicas acknowledged the write.
	 * @return the number of acknowledgements
	 */
	public int getAcknowledgements() {
		return this.acknowledgements;
	}

}
