package io.github.resilientdb.compatibility;

import java.util.function.Supplier;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.SpringBootVersion;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.Ordered;

/**
 * Stops the start, before any auto-configuration is loaded, when Spring Boot's version is outside the supported
 * lines; otherwise a missing class or field would fail it later with an error that names neither the starter nor
 * the cause. Registered in {@code META-INF/spring.factories}; {@value #ENABLED} set to {@code false} skips the check
 * (to try a newer line at your own risk).
 */
public class SpringBootVersionVerifier
		implements ApplicationContextInitializer<ConfigurableApplicationContext>, Ordered {

	/**
	 * The property that switches the check off.
	 */
	public static final String ENABLED = "resilientdb.spring-boot-version-check.enabled";

	private final Supplier<@Nullable String> version;

	/**
	 * Creates the verifier of the Spring Boot version on the class path.
	 */
	public SpringBootVersionVerifier() {
		this(SpringBootVersion::getVersion);
	}

	SpringBootVersionVerifier(Supplier<@Nullable String> version) {
		this.version = version;
	}

	@Override
	public void initialize(ConfigurableApplicationContext context) {
		if (!context.getEnvironment().getProperty(ENABLED, Boolean.class, true)) {
			return;
		}
		String found = this.version.get();
		if (!SupportedSpringBoot.isSupported(found)) {
			throw new UnsupportedSpringBootVersionException(String.valueOf(found));
		}
	}

	@Override
	public int getOrder() {
		return Ordered.HIGHEST_PRECEDENCE;
	}

}
