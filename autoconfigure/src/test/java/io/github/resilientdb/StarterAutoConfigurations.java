package io.github.resilientdb;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.context.annotation.ImportCandidates;
import org.springframework.util.ClassUtils;

/**
 * Every auto-configuration of the starter, as an application gets them, for tests that run the whole starter.
 */
public final class StarterAutoConfigurations {

	private StarterAutoConfigurations() {
	}

	/**
	 * The starter's auto-configurations, read from its {@code AutoConfiguration.imports}.
	 * @return the auto-configuration classes
	 */
	public static Class<?>[] all() {
		ClassLoader classLoader = StarterAutoConfigurations.class.getClassLoader();
		return ImportCandidates.load(AutoConfiguration.class, classLoader)
			.getCandidates()
			.stream()
			.filter((name) -> name.startsWith("io.github.resilientdb."))
			.map((name) -> ClassUtils.resolveClassName(name, classLoader))
			.toArray(Class<?>[]::new);
	}

}
