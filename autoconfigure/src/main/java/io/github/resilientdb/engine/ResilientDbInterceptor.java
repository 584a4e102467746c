package io.github.resilientdb.engine;

import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.core.functions.Either;
import io.github.resilience4j.retry.Retry;
import io.github.resilientdb.DatabaseUnavailableException;
import io.github.resilientdb.Durability;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Runs a {@code @ResilientDb} method behind its datastore's policy: bulkhead, then circuit breaker, then retry, then
 * the method. The breaker records one outcome per logical call, however many attempts it took; a failure that opens
 * the breaker on its own once recorded (the server could not be reached) is not retried, so that the caller has the
 * verdict at once instead of after another pool wait.
 * <p>
 * Retries happen only in the outermost {@code @ResilientDb} call on a thread and never inside an active
 * transaction: an inner call (or a call inside someone else's transaction) cannot restart the work around it. A
 * nested call to the same datastore runs without a second policy.
 * <p>
 * A method returning {@code Mono}, {@code Flux}, {@code CompletionStage} or {@code CompletableFuture} runs behind the
 * same policy without blocking, through {@link ReactiveCalls}, when Reactor and {@code resilience4j-reactor} are on
 * the class path.
 */
public final class ResilientDbInterceptor implements MethodInterceptor {

	private static final boolean TRANSACTIONS_PRESENT = ClassUtils.isPresent(
			"org.springframework.transaction.support.TransactionSynchronizationManager",
			ResilientDbInterceptor.class.getClassLoader());

	private static final ThreadLocal<@Nullable DatastorePolicy> CURRENT_DATASTORE = new ThreadLocal<>();

	/**
	 * The last failure of a nested call and the datastore it belongs to, so that the calls around it do not count
	 * another datastore's outage against their own breaker. Written on failure only; at most one per thread.
	 */
	private static final ThreadLocal<@Nullable NestedFailure> NESTED_FAILURE = new ThreadLocal<>();

	private static final boolean REACTIVE_PRESENT = ClassUtils.isPresent("reactor.core.publisher.Mono",
			ResilientDbInterceptor.class.getClassLoader())
			&& ClassUtils.isPresent("io.github.resilience4j.reactor.retry.RetryOperator",
					ResilientDbInterceptor.class.getClassLoader());

	private final MethodPolicies policies;

	private final ErrorClassification classifier;

	private final @Nullable ReactiveCalls reactiveCalls;

	/**
	 * Creates an interceptor.
	 * @param policies resolves the policy of each method
	 * @param classifier classifies failures
	 */
	public ResilientDbInterceptor(MethodPolicies policies, ErrorClassification classifier) {
		this.policies = policies;
		this.classifier = classifier;
		this.reactiveCalls = REACTIVE_PRESENT ? new ReactiveCalls(classifier) : null;
	}

	/**
	 * Whether {@code @ResilientDb} methods returning {@code Mono} or {@code Flux} can be protected: Reactor and
	 * {@code resilience4j-reactor} are on the class path.
	 * @return whether reactive methods are supported
	 */
	static boolean reactiveSupported() {
		return REACTIVE_PRESENT;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		MethodPolicy policy = this.policies.get(invocation);
		if (policy.reactive() && this.reactiveCalls != null) {
			return this.reactiveCalls.invoke(policy, invocation);
		}
		DatastorePolicy datastore = policy.datastore();
		DatastorePolicy outer = CURRENT_DATASTORE.get();
		if (outer == datastore) {
			return (policy.durability() != Durability.DEFAULT) ? proceedWithDurability(policy, invocation, false, 0L)
					: invocation.proceed();
		}
		long start = System.nanoTime();
		Bulkhead bulkhead = datastore.bulkhead();
		if (!bulkhead.tryAcquirePermission()) {
			return rejected(policy, invocation, datastore.bulkheadRejection(), start);
		}
		try {
			CircuitBreaker breaker = datastore.circuitBreaker();
			if (!breaker.tryAcquirePermission()) {
				return rejected(policy, invocation, datastore.breakerRejection(), start);
			}
			datastore.retryBudget().recordCall(start);
			if (outer != null && policy.sendTracker() == null) {
				SendTracker.untrackedCall();
			}
			CURRENT_DATASTORE.set(datastore);
			Object result;
			try {
				if (policy.durability() == Durability.DEFAULT) {
					result = proceed(policy, invocation, outer == null, start);
				}
				else {
					result = proceedWithDurability(policy, invocation, outer == null, start);
				}
			}
			catch (Throwable failure) {
				recordFailure(datastore, outer, failure, System.nanoTime() - start);
				return failed(policy, invocation, failure, start);
			}
			finally {
				CURRENT_DATASTORE.set(outer);
			}
			long elapsed = System.nanoTime() - start;
			breaker.onSuccess(elapsed, TimeUnit.NANOSECONDS);
			policy.success().record(elapsed, TimeUnit.NANOSECONDS);
			return result;
		}
		finally {
			bulkhead.onComplete();
		}
	}

	private @Nullable Object proceedWithDurability(MethodPolicy policy, MethodInvocation invocation,
			boolean outermost, long start) throws Throwable {
		DurabilityScope.Scope previous = DurabilityScope.enter(policy.datastore().name(), policy.durability());
		Object result;
		try {
			result = proceed(policy, invocation, outermost, start);
		}
		finally {
			DurabilityScope.exit(previous);
		}
		DurabilityVerifier verifier = policy.durabilityVerifier();
		if (verifier != null) {
			verifier.verify(policy.datastore().name(), policy.durability());
		}
		return result;
	}

	private static void recordFailure(DatastorePolicy datastore, @Nullable DatastorePolicy outer, Throwable failure,
			long elapsedNanos) {
		NestedFailure nested = NESTED_FAILURE.get();
		DatastorePolicy owner = (nested != null && nested.datastore() != datastore && nested.isCauseOf(failure))
				? nested.datastore() : datastore;
		if (owner == datastore) {
			datastore.circuitBreaker().onError(elapsedNanos, TimeUnit.NANOSECONDS, failure);
		}
		else {
			datastore.circuitBreaker().releasePermission();
		}
		if (outer != null) {
			NESTED_FAILURE.set(new NestedFailure(failure, owner));
		}
		else if (nested != null) {
			NESTED_FAILURE.remove();
		}
	}

	private @Nullable Object proceed(MethodPolicy policy, MethodInvocation invocation, boolean outermost, long start)
			throws Throwable {
		Retry retry = policy.retry();
		if (!outermost || retry == null) {
			return invocation.proceed();
		}
		Object mark = InvocationReplay.mark(invocation);
		Object result;
		SendTracker sendTracker = policy.sendTracker();
		long sent = (sendTracker != null) ? sendTracker.mark() : 0L;
		try {
			result = invocation.proceed();
		}
		catch (Exception failure) {
			return retry(policy, retry, invocation, mark, sent, failure, start);
		}
		RetryOutcomes.succeededWithoutRetry(retry);
		return result;
	}

	private @Nullable Object retry(MethodPolicy policy, Retry retry, MethodInvocation invocation, Object mark,
			long sent, Exception firstFailure, long start) throws Throwable {
		Retry.Context<Object> context = retry.context();
		Exception failure = firstFailure;
		long attemptStart = start;
		for (int retries = 0;; retries++) {
			if (!mayRetry(policy, failure, sent)) {
				throw (retries == 0) ? RetryOutcomes.failedWithoutRetry(context, failure) : failure;
			}
			if (retries < policy.maxRetries()) {
				long now = System.nanoTime();
				if (!fitsDeadline(policy, retry, retries + 1, failure, start, now, now - attemptStart)
						|| !policy.datastore().retryBudget().tryAcquireRetry(now)) {
					throw (retries == 0) ? RetryOutcomes.failedWithoutRetry(context, failure) : failure;
				}
			}
			// Waits the backoff, or rethrows once the policy's attempts are spent.
			context.onError(failure);
			policy.datastore().retries().increment();
			attemptStart = System.nanoTime();
			try {
				Object result = InvocationReplay.replay(invocation, mark).proceed();
				context.onComplete();
				return result;
			}
			catch (Exception ex) {
				failure = ex;
			}
		}
	}

	/**
	 * Whether a retry, its backoff and an attempt as long as the last one all fit in what is left of the call's
	 * deadline: a retry that cannot finish in time is not started.
	 */
	static boolean fitsDeadline(MethodPolicy policy, Retry retry, int attempt, Exception failure, long start,
			long now, long lastAttemptNanos) {
		Long backoffMillis = retry.getRetryConfig().getIntervalBiFunction().apply(attempt, Either.left(failure));
		long backoffNanos = TimeUnit.MILLISECONDS.toNanos((backoffMillis != null) ? backoffMillis : 0L);
		return (now - start) + backoffNanos + lastAttemptNanos <= policy.deadlineNanos();
	}

	private boolean mayRetry(MethodPolicy policy, Exception failure, long sent) {
		if (TRANSACTIONS_PRESENT && TransactionScope.isActive()) {
			return false;
		}
		if (policy.datastore().endsRetries(failure)) {
			return false;
		}
		ErrorCategory category = this.classifier.classify(failure);
		SendTracker sendTracker = policy.sendTracker();
		if (category == ErrorCategory.NOT_SENT && sendTracker != null && sendTracker.sentNothingSince(sent)) {
			// Known, not guessed: no attempt of this call sent anything, so nothing can have been applied.
			return true;
		}
		if (!policy.idempotent() && !policy.atomic()) {
			// The failing operation may not have been the call's first: an earlier one may have been applied.
			return false;
		}
		return category.isRetryable(policy.idempotent());
	}

	private @Nullable Object rejected(MethodPolicy policy, MethodInvocation invocation,
			DatabaseUnavailableException rejection, long start) throws Throwable {
		FallbackMethod fallback = policy.fallback();
		if (fallback != null && fallback.handles(rejection)) {
			return fallback(policy, fallback, invocation, rejection, start);
		}
		policy.rejected().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		throw rejection;
	}

	private @Nullable Object failed(MethodPolicy policy, MethodInvocation invocation, Throwable failure, long start)
			throws Throwable {
		FallbackMethod fallback = policy.fallback();
		if (fallback != null && fallback.handles(failure)) {
			return fallback(policy, fallback, invocation, failure, start);
		}
		policy.failure().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		throw failure;
	}

	private static @Nullable Object fallback(MethodPolicy policy, FallbackMethod fallback, MethodInvocation invocation,
			Throwable failure, long start) throws Throwable {
		try {
			return fallback.invoke(invocation.getThis(), invocation.getArguments(), failure);
		}
		finally {
			policy.fallbackTimer().record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
		}
	}

	private record NestedFailure(Throwable failure, DatastorePolicy datastore) {

		boolean isCauseOf(Throwable error) {
			for (Throwable cause = error; cause != null; cause = cause.getCause()) {
				if (cause == this.failure) {
					return true;
				}
				if (cause.getCause() == cause) {
					break;
				}
			}
			return false;
		}

	}

}
