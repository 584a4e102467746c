package io.github.resilientdb.autoconfigure;

import io.github.resilientdb.engine.InvalidResilientDbMethodException;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.core.NestedExceptionUtils;

/**
 * Turns invalid resilient-db configuration into a start-up report naming the property or method to fix.
 */
class ResilientDbFailureAnalyzer implements FailureAnalyzer {

	@Override
	public @Nullable FailureAnalysis analyze(Throwable failure) {
		for (Throwable cause = failure; cause != null; cause = cause.getCause()) {
			if (cause instanceof InvalidResilientDbPropertyException property) {
				return new FailureAnalysis(property.getMessage(), "Update your application's configuration: set '"
						+ property.getProperty() + "' to " + property.getRequirement() + ".", property);
			}
			if (cause instanceof InvalidResilientDbMethodException method) {
				return new FailureAnalysis(method.getMessage(), method.getAction(), method);
			}
			if (cause == NestedExceptionUtils.getRootCause(failure)) {
				break;
			}
		}
		return null;
	}

}
