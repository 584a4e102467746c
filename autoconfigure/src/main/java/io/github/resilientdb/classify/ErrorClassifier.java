package io.github.resilientdb.classify;

import org.jspecify.annotations.Nullable;

/**
 * Classifies a failure of a database call. Each datastore contributes one; applications add their own as beans,
 * which are asked first (in {@link org.springframework.core.annotation.Order} order).
 */
@FunctionalInterface
public interface ErrorClassifier {

	/**
	 * Classifies a failure.
	 * @param error the failure as thrown by the method, usually a Spring {@code DataAccessException} wrapping the
	 * driver's exception (see {@link Throwables#find})
	 * @return the category, or {@code null} when this classifier does not recognise the failure
	 */
	@Nullable ErrorCategory classify(Throwable error);

}
