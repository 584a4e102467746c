package io.github.resilientdb.jdbc.durability;

import io.github.resilientdb.Durability;

import org.springframework.dao.InvalidDataAccessApiUsageException;

/**
 * Thrown when a transaction asks for a {@link Durability} its database cannot promise, before the transaction
 * commits: a transaction just begun is rolled back before running anything, one already under way rolls back as this
 * propagates through it. Repeating the call cannot help.
 */
public class UnsupportedDurabilityException extends InvalidDataAccessApiUsageException {

	private final Durability durability;

	/**
	 * Creates an instance.
	 * @param durability the durability asked for
	 * @param message why it cannot be honoured, and what to do instead
	 */
	public UnsupportedDurabilityException(Durability durability, String message) {
		super(message);
		this.durability = durability;
	}

	/**
	 * The durability asked for.
	 * @return the durability
	 */
	public Durability getDurability() {
		return this.durability;
	}

}
