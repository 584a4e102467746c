package io.github.resilientdb.engine;

import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;

/**
 * Tells a Resilience4j {@link Retry} how each call ended, so that its metrics (and the
 * {@code resilience4j.retry.calls} meters bound to them) count all four kinds: the interceptor decides itself whether
 * a failure is retried and calls the first attempt without the {@code Retry}, which would otherwise never hear of the
 * calls that succeeded or failed without a retry.
 */
final class RetryOutcomes {

	private static final NotRetried NOT_RETRIED = new NotRetried();

	private RetryOutcomes() {
	}

	/**
	 * The configuration of a retry instance: the given one, made to count {@link #failedWithoutRetry} as a failure
	 * that is not retried.
	 * @param config the configuration of the policy
	 * @return the configuration of the instance
	 */
	static RetryConfig counting(RetryConfig config) {
		return RetryConfig.from(config).retryOnException((failure) -> !(failure instanceof NotRetried)).build();
	}

	/**
	 * Records a call that succeeded at its first attempt.
	 * @param retry the retry of the call
	 */
	static void succeededWithoutRetry(Retry retry) {
		retry.context().onComplete();
	}

	/**
	 * Records a call that failed at its first attempt and is not retried.
	 * @param context the retry context of the call
	 * @param failure the failure
	 * @return the failure, to be thrown
	 */
	static Exception failedWithoutRetry(Retry.Context<?> context, Exception failure) {
		try {
			context.onError(NOT_RETRIED);
		}
		catch (Exception counted) {
			// Resilience4j counts a failure it may not retry and throws it back.
		}
		return failure;
	}

	/**
	 * Marks a failure of a reactive call as not to be retried, for a Resilience4j retry operator to count and give up.
	 * @param failure the failure
	 * @return the failure, marked; {@link #unwrap} gives it back
	 */
	static Exception notRetried(Throwable failure) {
		return new NotRetried(failure);
	}

	/**
	 * The failure a {@link #notRetried} mark stands for.
	 * @param failure a failure, marked or not
	 * @return the failure without its mark
	 */
	static Throwable unwrap(Throwable failure) {
		if (failure instanceof NotRetried && failure.getCause() != null) {
			return failure.getCause();
		}
		return failure;
	}

	/**
	 * Stands for a failure the interceptor does not retry; without a stack trace, shared unless it carries the
	 * failure of a reactive call.
	 */
	static final class NotRetried extends Exception {

		private static final long serialVersionUID = 1L;

		NotRetried() {
			super("not retried", null, false, false);
		}

		NotRetried(Throwable failure) {
			super("not retried", failure, false, false);
		}

	}

}
