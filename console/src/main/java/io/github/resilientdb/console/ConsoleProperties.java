package io.github.resilientdb.console;

import java.time.Duration;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.ConfigurationProperties;

/**
 * Configuration of the resilient-db console, under {@code resilientdb.console}.
 */
@ConfigurationProperties("resilientdb.console")
public class ConsoleProperties {

	/**
	 * Whether the console page and its state endpoint are served.
	 */
	private boolean enabled = true;

	/**
	 * Path of the console page; its state is served below it, at {@code <path>/state}.
	 */
	private String path = "/resilientdb";

	/**
	 * How often the page asks for fresh state; at most 2 seconds.
	 */
	private Duration refreshInterval = Duration.ofSeconds(1);

	/**
	 * Base path of the actuator endpoints, where the page finds the resilientdb endpoint for operator actions;
	 * management.endpoints.web.base-path (by default /actuator) when not set.
	 */
	private @Nullable String actuatorPath;

	/**
	 * Number of recent call errors kept and shown.
	 */
	private int recentErrors = 20;

	public boolean isEnabled() {
		return this.enabled;
	}

	public void setEnabled(boolean enabled) {
		this.enabled = enabled;
	}

	public String getPath() {
		return this.path;
	}

	public void setPath(String path) {
		this.path = path;
	}

	public Duration getRefreshInterval() {
		return this.refreshInterval;
	}

	public void setRefreshInterval(Duration refreshInterval) {
		this.refreshInterval = refreshInterval;
	}

	public @Nullable String getActuatorPath() {
		return this.actuatorPath;
	}

	public void setActuatorPath(@Nullable String actuatorPath) {
		this.actuatorPath = actuatorPath;
	}

	public int getRecentErrors() {
		return this.recentErrors;
	}

	public void setRecentErrors(int recentErrors) {
		this.recentErrors = recentErrors;
	}

	/**
	 * Checks every value, naming the property of the first wrong one.
	 * @throws IllegalArgumentException if a value is invalid
	 */
	public void validate() {
		if (!this.path.startsWith("/") || this.path.length() < 2 || this.path.endsWith("/")
				|| !this.path.matches("[A-Za-z0-9/_.~-]+")) {
			throw new IllegalArgumentException("resilientdb.console.path must start with '/', not end with '/' and "
					+ "hold only letters, digits and / _ . ~ -, but was '" + this.path + "'");
		}
		if (this.refreshInterval.compareTo(Duration.ofMillis(100)) < 0
				|| this.refreshInterval.compareTo(Duration.ofSeconds(2)) > 0) {
			throw new IllegalArgumentException(
					"resilientdb.console.refresh-interval must be between 100ms and 2s, but was " + this.refreshInterval);
		}
		if (this.actuatorPath != null && !this.actuatorPath.startsWith("/")) {
			throw new IllegalArgumentException(
					"resilientdb.console.actuator-path must start with '/', but was '" + this.actuatorPath + "'");
		}
		if (this.recentErrors < 1 || this.recentErrors > 1000) {
			throw new IllegalArgumentException(
					"resilientdb.console.recent-errors must be between 1 and 1000, but was " + this.recentErrors);
		}
	}

}
