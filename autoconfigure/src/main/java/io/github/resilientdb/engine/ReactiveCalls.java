package io.github.resilientdb.engine;

import java.io.IOException;
import java.lang.reflect.Method;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.resilience4j.bulkhead.BulkheadFullException;
import io.github.resilience4j.circuitbreaker.CallNotPermittedException;
import io.github.resilience4j.reactor.bulkhead.operator.BulkheadOperator;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import io.github.resilience4j.reactor.retry.RetryOperator;
import io.github.resilience4j.retry.Retry;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.dao.DataAccessResourceFailureException;

/**
 * Runs a {@code @ResilientDb} method returning {@code Mono} or {@code Flux} behind its datastore's policy, without
 * blocking: the method assembles its pipeline as usual, and every subscription to it runs through Resilience4j's
 * Reactor operators on the datastore's own instances, bulkhead outside the circuit breaker outside the retry, so
 * that the breaker records one outcome per logical call. A method returning {@code CompletionStage} or
 * {@code CompletableFuture} runs the same way: each attempt calls it and waits for its stage without blocking, and
 * the caller gets a {@code CompletableFuture} of the whole call.
 * <p>
 * A failure is retried on the rules of the blocking path: the classifier's category, the method's idempotency and
 * atomicity, the breaker (open already, or opened by this failure on its own: see
 * {@link DatastorePolicy#endsRetries(Throwable)}), the deadline and the datastore's retry budget. What cannot be
 * known here is never guessed in favour of a retry: no send tracking (the driver's hooks are bound to a thread, a
 * pipeline is not), and a {@code Flux} that has emitted an element is never retried (a new subscription would emit
 * it again). A raw {@link IOException} from the pipeline becomes a {@link DataAccessResourceFailureException}. A
 * rejection arrives as a {@link io.github.resilientdb.DatabaseUnavailableException} error signal, never thrown at
 * assembly.
 * <p>
 * Loaded only when Reactor and {@code resilience4j-reactor} are on the class path.
 */
final class ReactiveCalls {

	private final ErrorClassification classifier;

	ReactiveCalls(ErrorClassification classifier) {
		this.classifier = classifier;
	}

	/**
	 * Whether a method returns a type this class protects.
	 * @param method the method
	 * @return whether it returns a {@code Mono}, a {@code Flux}, a plain {@code Publisher} (such as Spring Data's
	 * reactive {@code findBy(Example, Function)}), a {@code CompletionStage} or a {@code CompletableFuture}
	 */
	static boolean isReactive(Method method) {
		Class<?> returnType = method.getReturnType();
		return Mono.class.isAssignableFrom(returnType) || Flux.class.isAssignableFrom(returnType)
				|| returnType == Publisher.class || returnType == CompletionStage.class
				|| returnType == CompletableFuture.class;
	}

	/**
	 * Assembles the method's pipeline and returns it behind the policy.
	 * @param policy the method's policy
	 * @param invocation the invocation
	 * @return the protected {@code Mono}, {@code Flux} (also for a method declared to return a {@code Publisher}) or
	 * {@code CompletableFuture}
	 * @throws Throwable what a reactive method throws while assembling its pipeline
	 */
	@Nullable Object invoke(MethodPolicy policy, MethodInvocation invocation) throws Throwable {
		Class<?> returnType = invocation.getMethod().getReturnType();
		if (returnType == CompletionStage.class || returnType == CompletableFuture.class) {
			return new Call(policy, invocation).protect(attempts(invocation)).toFuture();
		}
		Object assembled = invocation.proceed();
		if (assembled instanceof Mono<?> mono) {
			return Mono.defer(() -> new Call(policy, invocation).protect(mono));
		}
		if (assembled instanceof Flux<?> flux) {
			return Flux.defer(() -> new Call(policy, invocation).protect(flux));
		}
		if (assembled instanceof Publisher<?> publisher) {
			// Declared as a plain Publisher: protected as a Flux, which is one, and never retried once it emitted.
			return Flux.defer(() -> new Call(policy, invocation).protect(Flux.from(publisher)));
		}
		return assembled;
	}

	/**
	 * The attempts of a method returning a {@code CompletionStage}, whose work starts when it is called: each
	 * subscription calls it (again, from this interceptor's place in the advice chain) and waits for its stage.
	 */
	private static Mono<Object> attempts(MethodInvocation invocation) {
		Object mark = InvocationReplay.mark(invocation);
		AtomicBoolean first = new AtomicBoolean(true);
		return Mono.defer(() -> {
			MethodInvocation attempt = first.getAndSet(false) ? invocation : InvocationReplay.replay(invocation, mark);
			try {
				Object stage = attempt.proceed();
				return (stage != null) ? Mono.fromCompletionStage((CompletionStage<?>) stage) : Mono.empty();
			}
			catch (Throwable ex) {
				return Mono.error(ex);
			}
		});
	}

	/**
	 * One subscription: one logical call, however many attempts it takes.
	 */
	private final class Call {

		private final MethodPolicy policy;

		private final MethodInvocation invocation;

		private final long start = System.nanoTime();

		private long attemptStart = this.start;

		private int retries;

		private boolean emitted;

		private boolean rejected;

		Call(MethodPolicy policy, MethodInvocation invocation) {
			this.policy = policy;
			this.invocation = invocation;
			policy.datastore().retryBudget().recordCall(this.start);
		}

		<T> Mono<T> protect(Mono<T> source) {
			return withRetry(source.onErrorMap(IOException.class, this::connectionFailure))
				.transformDeferred(CircuitBreakerOperator.of(datastore().circuitBreaker()))
				.transformDeferred(BulkheadOperator.of(datastore().bulkhead()))
				.onErrorMap(this::rejection)
				.doOnSuccess((value) -> succeeded())
				.onErrorResume((failure) -> Mono.from(this.<T>failed(failure)));
		}

		<T> Flux<T> protect(Flux<T> source) {
			return withRetry(source.onErrorMap(IOException.class, this::connectionFailure))
				.transformDeferred(CircuitBreakerOperator.of(datastore().circuitBreaker()))
				.transformDeferred(BulkheadOperator.of(datastore().bulkhead()))
				.onErrorMap(this::rejection)
				.doOnComplete(this::succeeded)
				.onErrorResume(this::failed);
		}

		private <T> Mono<T> withRetry(Mono<T> source) {
			Retry retry = this.policy.retry();
			if (retry == null) {
				return source;
			}
			return source.doOnSubscribe((subscription) -> this.attemptStart = System.nanoTime())
				.onErrorMap((failure) -> retryOrNot(retry, failure))
				.transformDeferred(RetryOperator.of(retry))
				.onErrorMap(RetryOutcomes::unwrap);
		}

		private <T> Flux<T> withRetry(Flux<T> source) {
			Retry retry = this.policy.retry();
			if (retry == null) {
				return source;
			}
			return source.doOnSubscribe((subscription) -> this.attemptStart = System.nanoTime())
				.doOnNext((element) -> this.emitted = true)
				.onErrorMap((failure) -> retryOrNot(retry, failure))
				.transformDeferred(RetryOperator.of(retry))
				.onErrorMap(RetryOutcomes::unwrap);
		}

		/**
		 * The failure itself when it may be retried, or the failure marked as not to be retried, so that the
		 * Resilience4j retry counts it and gives up.
		 */
		private Throwable retryOrNot(Retry retry, Throwable failure) {
			if (!(failure instanceof Exception exception) || !mayRetry(exception)) {
				return RetryOutcomes.notRetried(failure);
			}
			if (this.retries < this.policy.maxRetries()) {
				long now = System.nanoTime();
				if (!ResilientDbInterceptor.fitsDeadline(this.policy, retry, this.retries + 1,
						exception, this.start, now, now - this.attemptStart)
						|| !datastore().retryBudget().tryAcquireRetry(now)) {
					return RetryOutcomes.notRetried(failure);
				}
				this.retries++;
				datastore().retries().increment();
			}
			return failure;
		}

		private boolean mayRetry(Exception failure) {
			if (this.emitted || datastore().endsRetries(failure)) {
				return false;
			}
			if (!this.policy.idempotent() && !this.policy.atomic()) {
				return false;
			}
			ErrorCategory category = ReactiveCalls.this.classifier.classify(failure);
			return category.isRetryable(this.policy.idempotent());
		}

		/**
		 * A raw I/O failure of the pipeline, which a reactive driver may pass on untranslated (Lettuce through Spring
		 * Data Redis's reactive template does, where its blocking template wraps it), as Spring's resource failure:
		 * possibly applied, like the blocking path's translated failure.
		 */
		private Throwable connectionFailure(IOException failure) {
			return new DataAccessResourceFailureException("I/O failure in a call to datastore '" + datastore().name()
					+ "': " + failure.getMessage(), failure);
		}

		private Throwable rejection(Throwable failure) {
			if (failure instanceof CallNotPermittedException) {
				this.rejected = true;
				return datastore().breakerRejection();
			}
			if (failure instanceof BulkheadFullException) {
				this.rejected = true;
				return datastore().bulkheadRejection();
			}
			return failure;
		}

		private void succeeded() {
			this.policy.success().record(System.nanoTime() - this.start, TimeUnit.NANOSECONDS);
		}

		@SuppressWarnings("unchecked")
		private <T> Publisher<T> failed(Throwable failure) {
			FallbackMethod fallback = this.policy.fallback();
			if (fallback != null && fallback.handles(failure)) {
				this.policy.fallbackTimer().record(System.nanoTime() - this.start, TimeUnit.NANOSECONDS);
				try {
					Object answer = fallback.invoke(this.invocation.getThis(), this.invocation.getArguments(),
							failure);
					if (answer instanceof CompletionStage<?> stage) {
						return (Publisher<T>) Mono.fromCompletionStage(stage);
					}
					return (answer != null) ? (Publisher<T>) answer : Flux.empty();
				}
				catch (Throwable ex) {
					return Flux.error(ex);
				}
			}
			(this.rejected ? this.policy.rejected() : this.policy.failure()).record(System.nanoTime() - this.start,
					TimeUnit.NANOSECONDS);
			return Flux.error(failure);
		}

		private DatastorePolicy datastore() {
			return this.policy.datastore();
		}

	}

}
