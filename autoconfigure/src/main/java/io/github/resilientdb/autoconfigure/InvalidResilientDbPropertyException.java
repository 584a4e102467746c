package io.github.resilientdb.autoconfigure;

/**
 * A {@code resilientdb.*} property with a value that cannot be used.
 */
public class InvalidResilientDbPropertyException extends IllegalStateException {

	private final String property;

	private final Object value;

	private final String requirement;

	/**
	 * Creates an instance.
	 * @param property the full property name
	 * @param value the value given
	 * @param requirement what a valid value looks like
	 */
	public InvalidResilientDbPropertyException(String property, Object value, String requirement) {
		super("Invalid value '" + value + "' for property '" + property + "': " + requirement);
		this.property = property;
		this.value = value;
		this.requirement = requirement;
	}

	/**
	 * The property with the invalid value.
	 * @return the full property name
	 */
	public String getProperty() {
		return this.property;
	}

	/**
	 * The invalid value.
	 * @return the value
	 */
	public Object getValue() {
		return this.value;
	}

	/**
	 * What a valid value looks like.
	 * @return the requirement
	 */
	public String getRequirement() {
		return this.requirement;
	}

}
