package io.github.resilientdb.classify;

import java.util.List;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * The application's classification of failures: asks the classifiers in order, and the first answer wins. A failure
 * nobody recognises is {@link ErrorCategory#NOT_A_DATABASE_ERROR}. A failed rollback or commit is classified by the
 * failure behind it: the method's own failure when the rollback after it failed, else the rollback's or commit's.
 * <p>
 * Deliberately not an {@link ErrorClassifier} itself, so that it is never mistaken for one of its parts.
 */
public final class ErrorClassification {

	private static final boolean TRANSACTIONS_PRESENT = ClassUtils.isPresent(
			"org.springframework.transaction.TransactionSystemException", ErrorClassification.class.getClassLoader());

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
		Throwable failure = (TRANSACTIONS_PRESENT) ? TransactionFailures.cause(error) : error;
		for (ErrorClassifier classifier : this.classifiers) {
			@Nullable ErrorCategory category = classifier.classify(failure);
			if (category != null) {
				return category;
			}
		}
		return ErrorCategory.NOT_A_DATABASE_ERROR;
	}

}
