package io.github.resilientdb.engine;

import java.util.concurrent.TimeUnit;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
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
 * the method. The breaker records one outcome per logical call, however many attempts it took.
 * <p>
 * Retries happen only in the outermost {@code @ResilientDb} call on a thread and never inside an active
 * transaction: an inner call (or a call inside someone else's transaction) cannot restart the work around it. A
 * nested call to the same datastore runs without a second policy.
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

	private final MethodPolicies policies;

	private final ErrorClassification classifier;

	/**
	 * Creates an interceptor.
	 * @param policies resolves the policy of each method
	 * @param classifier classifies failures
	 */
	public ResilientDbInterceptor(MethodPolicies policies, ErrorClassification classifier) {
		this.policies = policies;
		this.classifier = classifier;
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		MethodPolicy policy = this.policies.get(invocation);
		DatastorePolicy datastore = policy.datastore();
		DatastorePolicy outer = CURRENT_DATASTORE.get();
		if (outer == datastore) {
			return (policy.durability() != Durability.DEFAULT) ? proceedWithDurability(policy, invocation, false)
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
					result = proceed(policy, invocation, outer == null);
				}
				else {
					result = proceedWithDurability(policy, invocation, outer == null);
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
			boolean outermost) throws Throwable {
		Durability previous = DurabilityScope.enter(policy.durability());
		Object result;
		try {
			result = proceed(policy, invocation, outermost);
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

	private @Nullable Object proceed(MethodPolicy policy, MethodInvocation invocation, boolean outermost)
			throws Throwable {
		Retry retry = policy.retry();
		if (!outermost || retry == null) {
			return invocation.proceed();
		}
		Object mark = InvocationReplay.mark(invocation);
		SendTracker sendTracker = policy.sendTracker();
		long sent = (sendTracker != null) ? sendTracker.mark() : 0L;
		try {
			return invocation.proceed();
		}
		catch (Exception failure) {
			return retry(policy, retry, invocation, mark, sent, failure);
		}
	}

	private @Nullable Object retry(MethodPolicy policy, Retry retry, MethodInvocation invocation, Object mark,
			long sent, Exception firstFailure) throws Throwable {
		Retry.Context<Object> context = retry.context();
		Exception failure = firstFailure;
		for (int retries = 0;; retries++) {
			if (!mayRetry(policy, failure, sent)) {
				throw failure;
			}
			if (retries < policy.maxRetries() && !policy.datastore().retryBudget().tryAcquireRetry(System.nanoTime())) {
				throw failure;
			}
			// Waits the backoff, or rethrows once the policy's attempts are spent.
			context.onError(failure);
			policy.datastore().retries().increment();
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

	private boolean mayRetry(MethodPolicy policy, Exception failure, long sent) {
		if (TRANSACTIONS_PRESENT && TransactionScope.isActive()) {
			return false;
		}
		if (policy.datastore().isBreakerOpen()) {
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
