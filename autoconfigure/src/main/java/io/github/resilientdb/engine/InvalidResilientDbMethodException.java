package io.github.resilientdb.engine;

/**
 * A {@code @ResilientDb} annotation that cannot be honoured, found at start-up.
 */
public class InvalidResilientDbMethodException extends IllegalStateException {

	private final String method;

	private final String action;

	/**
	 * Creates an instance.
	 * @param method the method, as {@code SimpleClassName.method}
	 * @param reason what is wrong
	 * @param action what to do about it
	 */
	public InvalidResilientDbMethodException(String method, String reason, String action) {
		super("@ResilientDb on " + method + " cannot be applied: " + reason);
		this.method = method;
		this.action = action;
	}

	/**
	 * The method whose annotation is invalid.
	 * @return the method, as {@code SimpleClassName.method}
	 */
	public String getMethod() {
		return this.method;
	}

	/**
	 * What to do about it.
	 * @return the suggested action
	 */
	public String getAction() {
		return this.action;
	}

}
