package io.github.resilientdb.engine;

import io.github.resilience4j.retry.Retry;
import io.github.resilientdb.Durability;
import io.micrometer.core.instrument.Timer;
import org.jspecify.annotations.Nullable;

/**
 * Everything the interceptor needs for one annotated method, resolved once: the datastore, the retry policy,
 * whether the method is idempotent, its fallback and its timers (one per outcome, so that recording allocates
 * nothing).
 *
 * @param name {@code SimpleClassName.method}, for messages
 * @param datastore the datastore policy
 * @param retry the retry policy, {@code null} when the method is never retried
 * @param maxRetries the retry policy's maximum number of retries
 * @param idempotent whether the method may be repeated after a failure that may have been applied
 * @param atomic whether the method's writes are applied all or none (its own transaction, or a single-operation
 * repository method), so that a failure proving its failing operation was not applied proves the whole call was not
 * @param fallback the fallback, or {@code null}
 * @param durability the durability the method asks for
 * @param durabilityVerifier verifies the durability after the call, or {@code null}
 * @param success timer of successful calls
 * @param failure timer of failed calls
 * @param rejected timer of calls rejected by the bulkhead or breaker
 * @param fallbackTimer timer of calls answered by the fallback
 * @param deadlineNanos the time budget of one call, retries and backoff included, in nanoseconds
 * @param sendTracker knows whether the call sent anything to the datastore, or {@code null} when it cannot be known
 * @param reactive whether the method returns a {@code Mono}, {@code Flux} or {@code CompletionStage} that runs
 * behind the policy without blocking (decided once, off the per-call path)
 */
record MethodPolicy(String name, DatastorePolicy datastore, @Nullable Retry retry, int maxRetries, boolean idempotent,
		boolean atomic,
		@Nullable FallbackMethod fallback, Durability durability, @Nullable DurabilityVerifier durabilityVerifier,
		Timer success, Timer failure, Timer rejected, Timer fallbackTimer, long deadlineNanos,
		@Nullable SendTracker sendTracker, boolean reactive) {

}
