package io.github.resilientdb.classify;

import org.jspecify.annotations.Nullable;

/**
 * Helpers for walking an exception's cause chain.
 */
public final class Throwables {

	private static final int MAX_DEPTH = 32;

	private Throwables() {
	}

	/**
	 * Finds the outermost throwable of a type in the cause chain, the error itself included.
	 * @param <T> the type
	 * @param error the error
	 * @param type the type to find
	 * @return the first match, or {@code null}
	 */
	public static <T extends Throwable> @Nullable T find(Throwable error, Class<T> type) {
		Throwable current = error;
		for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
			if (type.isInstance(current)) {
				return type.cast(current);
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return null;
	}

}
