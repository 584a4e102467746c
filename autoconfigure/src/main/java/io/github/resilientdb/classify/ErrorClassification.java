package io.github.resilientdb.classify;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * The application's classification of failures: asks the classifiers in order, and the first answer wins. A failure
 * nobody recognises is {@link ErrorCategory#NOT_A_DATABASE_ERROR}.
 * <p>
 * Deliberately not an {@link ErrorClassifier} itself, so that it is never mistaken for one of its parts.
 */
public final class ErrorClassification {

	private final ErrorClassifier[] classifiers;

	/**
	 * Creates a classification from classifiers, asked in the given order.
	 * @param classifiers the classifiers
	 */
	public ErrorClassification(List<? extends ErrorClassifier> classifiers) {
		this.classifiers = classifiers.toArray(ErrorClassifier[]::new);
	}

	/**
	 * Classifies a failure.
	 * @param error the failure
	 * @return its category
	 */
	public ErrorCategory classify(Throwable error) {
		for (ErrorClassifier classifier : this.classifiers) {
			@Nullable ErrorCategory category = classifier.classify(error);
			if (category != null) {
				return category;
			}
		}
		return ErrorCategory.NOT_A_DATABASE_ERROR;
	}

}
