package io.github.resilientdb.classify;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * Asks classifiers in order; the first answer wins. A failure nobody recognises is
 * {@link ErrorCategory#NOT_A_DATABASE_ERROR}.
 */
public final class CompositeErrorClassifier implements ErrorClassifier {

	private final ErrorClassifier[] classifiers;

	/**
	 * Creates a composite of classifiers, asked in the given order.
	 * @param classifiers the classifiers
	 */
	public CompositeErrorClassifier(List<? extends ErrorClassifier> classifiers) {
		this.classifiers = classifiers.toArray(ErrorClassifier[]::new);
	}

	@Override
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
