package io.github.resilientdb.engine;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilientdb.DatabaseUnavailableException;
import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.classify.ErrorCategory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.EnableTransactionManagement;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;
import org.springframework.transaction.support.DefaultTransactionStatus;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ResilientDbInterceptorTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResilientDbAutoConfiguration.class))
		.withUserConfiguration(StoresConfiguration.class)
		.withPropertyValues("resilientdb.datastores.test.retry.non-atomic-writes=true",
				"resilientdb.datastores.test.retry.delay=1ms",
				"resilientdb.datastores.test.retry.max-delay=2ms", "resilientdb.datastores.other.retry.delay=1ms",
				"resilientdb.datastores.other.retry.max-delay=2ms",
				"resilientdb.datastores.test.bulkhead.max-concurrent-calls=1",
				"resilientdb.datastores.test.bulkhead.max-wait=0");

	@Test
	void invokeWhenNotSentOutsideTransactionShouldRetry() {
		this.runner.run((context) -> {
			Inner inner = context.getBean(Inner.class);
			assertThatExceptionOfType(NotSentException.class).isThrownBy(inner::fail);
			assertThat(inner.attempts()).isEqualTo(3);
		});
	}

	@Test
	void invokeShouldNotStartARetryThatCannotFinishWithinTheMethodsDeadline() {
		this.runner.run((context) -> {
			Inner inner = context.getBean(Inner.class);
			assertThatExceptionOfType(NotSentException.class).isThrownBy(inner::failSlowlyWithShortDeadline);
			assertThat(inner.attempts()).as("300 ms used of 500 ms; another 300 ms attempt would not fit").isOne();
		});
	}

	@Test
	void invokeShouldNotStartARetryThatCannotFinishWithinTheDatastoresDeadline() {
		this.runner.withPropertyValues("resilientdb.datastores.test.deadline=700ms").run((context) -> {
			Inner inner = context.getBean(Inner.class);
			assertThatExceptionOfType(NotSentException.class).isThrownBy(inner::failSlowly);
			assertThat(inner.attempts()).as("a second attempt fits in 700 ms, a third does not").isEqualTo(2);
		});
	}

	@Test
	void invokeShouldRetryWhileTheDeadlineAllows() {
		this.runner.run((context) -> {
			Inner inner = context.getBean(Inner.class);
			assertThatExceptionOfType(NotSentException.class).isThrownBy(inner::failSlowly);
			assertThat(inner.attempts()).as("three attempts of 300 ms fit in the default 5 s").isEqualTo(3);
		});
	}

	@Test
	void invokeWhenNotIdempotentAndNotAtomicShouldNotRetryByDefault() {
		this.runner.withPropertyValues("resilientdb.datastores.test.retry.non-atomic-writes=false").run((context) -> {
			Inner inner = context.getBean(Inner.class);
			assertThatExceptionOfType(NotSentException.class).isThrownBy(inner::fail);
			assertThat(inner.attempts()).as("an earlier operation of the call may have been applied").isOne();
		});
	}

	@Test
	void invokeInActiveTransactionShouldNotRetry() {
		this.runner.run((context) -> {
			Inner inner = context.getBean(Inner.class);
			TransactionTemplate transaction = new TransactionTemplate(context.getBean(TestTransactionManager.class));
			assertThatExceptionOfType(NotSentException.class)
				.isThrownBy(() -> transaction.executeWithoutResult((status) -> inner.fail()));
			assertThat(inner.attempts()).isEqualTo(1);
			assertThat(inner.inTransaction()).isTrue();
		});
	}

	@Test
	void invokeNestedInOtherDatastoreCallShouldNotRetryInnerCall() {
		this.runner.run((context) -> {
			Outer outer = context.getBean(Outer.class);
			Inner inner = context.getBean(Inner.class);
			assertThatExceptionOfType(NotSentException.class).isThrownBy(outer::otherDatastoreWithoutRetry);
			assertThat(outer.attempts()).isEqualTo(1);
			assertThat(inner.attempts()).isEqualTo(1);
		});
	}

	@Test
	void invokeNestedInSameDatastoreCallShouldNotRetryInnerCall() {
		this.runner.run((context) -> {
			Outer outer = context.getBean(Outer.class);
			Inner inner = context.getBean(Inner.class);
			assertThatExceptionOfType(NotSentException.class).isThrownBy(outer::sameDatastoreWithoutRetry);
			assertThat(outer.attempts()).isEqualTo(1);
			assertThat(inner.attempts()).isEqualTo(1);
		});
	}

	@Test
	void invokeNestedInOtherDatastoreCallShouldCountFailureOnInnerBreaker() {
		this.runner.run((context) -> {
			assertThatExceptionOfType(NotSentException.class)
				.isThrownBy(context.getBean(Outer.class)::otherDatastoreWithoutRetry);
			CircuitBreakerRegistry breakers = context.getBean(ResilientDbRegistries.class).circuitBreakers();
			assertThat(breakers.circuitBreaker("test").getMetrics().getNumberOfFailedCalls()).isOne();
		});
	}

	@Test
	void invokeNestedInOtherDatastoreCallShouldNotCountInnerFailureOnOuterBreaker() {
		this.runner.run((context) -> {
			assertThatExceptionOfType(NotSentException.class)
				.isThrownBy(context.getBean(Outer.class)::otherDatastoreWithoutRetry);
			CircuitBreakerRegistry breakers = context.getBean(ResilientDbRegistries.class).circuitBreakers();
			assertThat(breakers.circuitBreaker("other").getMetrics().getNumberOfFailedCalls()).isZero();
		});
	}

	@Test
	void invokeNestedShouldLeaveRetryToOutermostCall() {
		this.runner.run((context) -> {
			Outer outer = context.getBean(Outer.class);
			Inner inner = context.getBean(Inner.class);
			assertThatExceptionOfType(NotSentException.class).isThrownBy(outer::otherDatastoreWithRetry);
			assertThat(outer.attempts()).isEqualTo(3);
			assertThat(inner.attempts()).isEqualTo(3);
		});
	}

	@Test
	void invokeAfterNestedCallShouldRetryTopLevelCallsAgain() {
		this.runner.run((context) -> {
			Outer outer = context.getBean(Outer.class);
			Inner inner = context.getBean(Inner.class);
			assertThatExceptionOfType(NotSentException.class).isThrownBy(outer::otherDatastoreWithoutRetry);
			inner.resetAttempts();
			assertThatExceptionOfType(NotSentException.class).isThrownBy(inner::fail);
			assertThat(inner.attempts()).isEqualTo(3);
		});
	}

	@Test
	void invokeNestedInSameDatastoreShouldNotTakeSecondBulkheadPermit() {
		this.runner.run((context) -> {
			Outer outer = context.getBean(Outer.class);
			Inner inner = context.getBean(Inner.class);
			assertThat(outer.sameDatastore()).isEqualTo("answer");
			assertThat(inner.availablePermits()).isZero();
			BulkheadRegistry bulkheads = context.getBean(ResilientDbRegistries.class).bulkheads();
			assertThat(bulkheads.bulkhead("test").getMetrics().getAvailableConcurrentCalls()).isOne();
		});
	}

	@Test
	void invokeWhenBulkheadFullShouldReject() {
		this.runner.run((context) -> {
			Inner inner = context.getBean(Inner.class);
			CountDownLatch entered = new CountDownLatch(1);
			CountDownLatch release = new CountDownLatch(1);
			CompletableFuture<String> holder = CompletableFuture.supplyAsync(() -> inner.hold(entered, release));
			try {
				assertThat(entered.await(5, TimeUnit.SECONDS)).isTrue();
				assertThatExceptionOfType(DatabaseUnavailableException.class).isThrownBy(inner::answer)
					.satisfies((rejection) -> assertThat(rejection.getDatastore()).isEqualTo("test"));
			}
			finally {
				release.countDown();
			}
			assertThat(holder.get(5, TimeUnit.SECONDS)).isEqualTo("held");
			assertThat(inner.answer()).isEqualTo("answer");
		});
	}

	@Test
	void invokeTransactionalMethodShouldRetryInFreshTransaction() {
		this.runner.withUserConfiguration(TransactionalConfiguration.class).run((context) -> {
			TransactionalService service = context.getBean(TransactionalService.class);
			TestTransactionManager transactions = context.getBean(TestTransactionManager.class);
			assertThat(service.flaky()).isEqualTo("ok");
			assertThat(service.attempts()).isEqualTo(3);
			assertThat(service.inTransaction()).isTrue();
			assertThat(transactions.begun).hasValue(3);
			assertThat(transactions.rolledBack).hasValue(2);
			assertThat(transactions.committed).hasValue(1);
		});
	}

	@Test
	void invokeWhenMaybeAppliedAndNotIdempotentShouldNotRetry() {
		this.runner.run((context) -> {
			Inner inner = context.getBean(Inner.class);
			assertThatExceptionOfType(MaybeAppliedException.class).isThrownBy(inner::maybeApplied);
			assertThat(inner.attempts()).isEqualTo(1);
		});
	}

	@Test
	void invokeWhenRetriesExhaustedShouldCallFallbackWithFailure() {
		this.runner.run((context) -> {
			Inner inner = context.getBean(Inner.class);
			assertThat(inner.failWithFallback("42")).isEqualTo("fallback 42: NotSentException");
			assertThat(inner.attempts()).isEqualTo(3);
		});
	}

	static class NotSentException extends RuntimeException {

		NotSentException() {
			super("not sent");
		}

	}

	static class MaybeAppliedException extends RuntimeException {

		MaybeAppliedException() {
			super("maybe applied");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class StoresConfiguration {

		@Bean
		DatastoreType testDatastoreType() {
			return testType("test");
		}

		@Bean
		DatastoreType otherDatastoreType() {
			return testType("other");
		}

		@Bean
		TestTransactionManager transactionManager() {
			return new TestTransactionManager();
		}

		@Bean
		Inner inner(ObjectProvider<ResilientDbRegistries> registries) {
			return new Inner(registries);
		}

		@Bean
		Outer outer(Inner inner) {
			return new Outer(inner);
		}

		private static DatastoreType testType(String name) {
			return new DatastoreType(name, (error) -> {
				if (error instanceof NotSentException) {
					return ErrorCategory.NOT_SENT;
				}
				return (error instanceof MaybeAppliedException) ? ErrorCategory.MAYBE_APPLIED : null;
			}, List.of());
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableTransactionManagement
	static class TransactionalConfiguration {

		@Bean
		TransactionalService transactionalService() {
			return new TransactionalService();
		}

	}

	static class Inner {

		private final AtomicInteger attempts = new AtomicInteger();

		private final AtomicInteger availablePermits = new AtomicInteger(-1);

		private volatile boolean inTransaction;

		private final ObjectProvider<ResilientDbRegistries> registries;

		Inner(ObjectProvider<ResilientDbRegistries> registries) {
			this.registries = registries;
		}

		public int attempts() {
			return this.attempts.get();
		}

		public void resetAttempts() {
			this.attempts.set(0);
		}

		public boolean inTransaction() {
			return this.inTransaction;
		}

		public int availablePermits() {
			return this.availablePermits.get();
		}

		@ResilientDb(datastore = "test", idempotency = Idempotency.NOT_IDEMPOTENT)
		public String fail() {
			this.attempts.incrementAndGet();
			this.inTransaction = TransactionSynchronizationManager.isActualTransactionActive();
			throw new NotSentException();
		}

		@ResilientDb(datastore = "test", idempotency = Idempotency.NOT_IDEMPOTENT, deadline = "500ms")
		public String failSlowlyWithShortDeadline() throws InterruptedException {
			this.attempts.incrementAndGet();
			Thread.sleep(300);
			throw new NotSentException();
		}

		@ResilientDb(datastore = "test", idempotency = Idempotency.NOT_IDEMPOTENT)
		public String failSlowly() throws InterruptedException {
			this.attempts.incrementAndGet();
			Thread.sleep(300);
			throw new NotSentException();
		}

		@ResilientDb(datastore = "test", idempotency = Idempotency.NOT_IDEMPOTENT)
		public String maybeApplied() {
			this.attempts.incrementAndGet();
			throw new MaybeAppliedException();
		}

		@ResilientDb(datastore = "test", fallbackMethod = "fallback")
		public String failWithFallback(String id) {
			this.attempts.incrementAndGet();
			throw new NotSentException();
		}

		String fallback(String id, NotSentException failure) {
			return "fallback " + id + ": " + failure.getClass().getSimpleName();
		}

		@ResilientDb(datastore = "test")
		public String answer() {
			this.registries.ifAvailable((registries) -> this.availablePermits
				.set(registries.bulkheads().bulkhead("test").getMetrics().getAvailableConcurrentCalls()));
			return "answer";
		}

		@ResilientDb(datastore = "test")
		public String hold(CountDownLatch entered, CountDownLatch release) {
			entered.countDown();
			try {
				release.await(5, TimeUnit.SECONDS);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			return "held";
		}

	}

	static class Outer {

		private final AtomicInteger attempts = new AtomicInteger();

		private final Inner inner;

		Outer(Inner inner) {
			this.inner = inner;
		}

		public int attempts() {
			return this.attempts.get();
		}

		@ResilientDb(datastore = "other", retry = "none")
		public String otherDatastoreWithoutRetry() {
			this.attempts.incrementAndGet();
			return this.inner.fail();
		}

		@ResilientDb(datastore = "test", retry = "none")
		public String sameDatastoreWithoutRetry() {
			this.attempts.incrementAndGet();
			return this.inner.fail();
		}

		@ResilientDb(datastore = "other", idempotency = Idempotency.IDEMPOTENT)
		public String otherDatastoreWithRetry() {
			this.attempts.incrementAndGet();
			return this.inner.fail();
		}

		@ResilientDb(datastore = "test")
		public String sameDatastore() {
			return this.inner.answer();
		}

	}

	static class TransactionalService {

		private final AtomicInteger attempts = new AtomicInteger();

		private volatile boolean inTransaction;

		public int attempts() {
			return this.attempts.get();
		}

		public boolean inTransaction() {
			return this.inTransaction;
		}

		@Transactional
		@ResilientDb(datastore = "test", idempotency = Idempotency.NOT_IDEMPOTENT)
		public String flaky() {
			this.inTransaction = TransactionSynchronizationManager.isActualTransactionActive();
			if (this.attempts.incrementAndGet() < 3) {
				throw new NotSentException();
			}
			return "ok";
		}

	}

	static class TestTransactionManager extends AbstractPlatformTransactionManager {

		final AtomicInteger begun = new AtomicInteger();

		final AtomicInteger committed = new AtomicInteger();

		final AtomicInteger rolledBack = new AtomicInteger();

		@Override
		protected Object doGetTransaction() {
			return new Object();
		}

		@Override
		protected void doBegin(Object transaction, TransactionDefinition definition) {
			this.begun.incrementAndGet();
		}

		@Override
		protected void doCommit(DefaultTransactionStatus status) {
			this.committed.incrementAndGet();
		}

		@Override
		protected void doRollback(DefaultTransactionStatus status) {
			this.rolledBack.incrementAndGet();
		}

	}

}
