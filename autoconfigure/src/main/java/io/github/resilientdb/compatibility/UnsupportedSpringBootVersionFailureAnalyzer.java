package io.github.resilientdb.compatibility;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an unsupported Spring Boot version with the supported lines and the two ways out.
 */
class UnsupportedSpringBootVersionFailureAnalyzer
		extends AbstractFailureAnalyzer<UnsupportedSpringBootVersionException> {

	@Override
	protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedSpringBootVersionException cause) {
		return new FailureAnalysis(cause.getMessage(),
				"Run the application on Spring Boot " + SupportedSpringBoot.describe()
						+ ", or use a resilient-db release made for Spring Boot " + cause.getVersion()
						+ ". To start anyway, at your own risk, set '" + SpringBootVersionVerifier.ENABLED
						+ "' to false.",
				cause);
	}

}
