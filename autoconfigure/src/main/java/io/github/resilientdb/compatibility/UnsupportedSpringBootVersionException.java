package io.github.resilientdb.compatibility;

/**
 * Thrown at start-up when the application runs on a Spring Boot line the starter does not support.
 */
public class UnsupportedSpringBootVersionException extends RuntimeException {

	private final String version;

	/**
	 * Creates the exception for the Spring Boot version found.
	 * @param version the version the application runs on
	 */
	public UnsupportedSpringBootVersionException(String version) {
		super("resilient-db supports Spring Boot " + SupportedSpringBoot.describe() + " but the application runs on "
				+ "Spring Boot " + version);
		this.version = version;
	}

	/**
	 * The Spring Boot version the application runs on.
	 * @return the version
	 */
	public String getVersion() {
		return this.version;
	}

}
