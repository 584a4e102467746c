package io.github.resilientdb.actuate;

/**
 * A change through the {@code resilientdb} endpoint refused because the caller may not make changes. Nothing was
 * changed.
 */
public class WriteRefusedException extends RuntimeException {

	private final String property;

	WriteRefusedException(String property, String message) {
		super(message);
		this.property = property;
	}

	/**
	 * The property that decides who may make changes and would let this caller make them.
	 * @return the property name
	 */
	public String getProperty() {
		return this.property;
	}

}
