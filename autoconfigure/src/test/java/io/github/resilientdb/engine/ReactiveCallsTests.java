package io.github.resilientdb.engine;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilientdb.DatabaseUnavailableException;
import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.classify.ErrorCategory;
import org.junit.jupiter.api.Test;
import reactor.core.Disposable;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The rules of the reactive path that real servers cannot provoke on demand: a {@code Flux} is never retried once it
 * has emitted, the bulkhead rejects with an error signal, the retry budget and the idempotency rule hold, and a
 * fallback answers a rejection. Real failures through real drivers: {@code ReactiveRedisIntegrationTests}.
 */
class ReactiveCallsTests {

	private static final Duration WAIT = Duration.ofSeconds(5);

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResilientDbAutoConfiguration.class))
		.withUserConfiguration(ReactiveConfiguration.class)
		.withPropertyValues("resilientdb.datastores.test.retry.delay=1ms",
				"resilientdb.datastores.test.retry.max-delay=2ms",
				"resilientdb.datastores.test.bulkhead.max-concurrent-calls=1",
				"resilientdb.datastores.test.bulkhead.max-wait=0");

	@Test
	void fluxFailingBeforeItsFirstElementShouldBeRetried() {
		this.runner.run((context) -> {
			ReactiveService service = context.getBean(ReactiveService.class);
			assertThatExceptionOfType(NotSentException.class)
				.isThrownBy(() -> service.failingFlux(0).collectList().block(WAIT));
			assertThat(service.subscriptions()).isEqualTo(3);
		});
	}

	@Test
	void plainPublisherShouldRunBehindThePolicyAsAFlux() {
		this.runner.run((context) -> {
			ReactiveService service = context.getBean(ReactiveService.class);
			Publisher<String> failing = service.failingPublisher(0);
			assertThat(failing).as("protected as a Flux").isInstanceOf(Flux.class);
			assertThatExceptionOfType(NotSentException.class)
				.isThrownBy(() -> Flux.from(failing).collectList().block(WAIT));
			assertThat(service.subscriptions()).as("retried before its first element").isEqualTo(3);
			List<String> elements = new CopyOnWriteArrayList<>();
			assertThatExceptionOfType(NotSentException.class)
				.isThrownBy(() -> Flux.from(service.failingPublisher(1)).doOnNext(elements::add).blockLast(WAIT));
			assertThat(service.subscriptions()).as("never retried once it emitted").isOne();
			assertThat(elements).containsExactly("a");
		});
	}

	@Test
	void fluxFailingAfterAnElementShouldNotBeRetried() {
		this.runner.run((context) -> {
			ReactiveService service = context.getBean(ReactiveService.class);
			List<String> elements = new CopyOnWriteArrayList<>();
			assertThatExceptionOfType(NotSentException.class)
				.isThrownBy(() -> service.failingFlux(1).doOnNext(elements::add).blockLast(WAIT));
			assertThat(service.subscriptions()).as("a new subscription would emit 'a' again").isOne();
			assertThat(elements).containsExactly("a");
		});
	}

	@Test
	void notIdempotentMonoShouldNotBeRetriedAfterMaybeApplied() {
		this.runner.withPropertyValues("resilientdb.datastores.test.retry.non-atomic-writes=true").run((context) -> {
			ReactiveService service = context.getBean(ReactiveService.class);
			assertThatExceptionOfType(MaybeAppliedException.class)
				.isThrownBy(() -> service.write(new MaybeAppliedException()).block(WAIT));
			assertThat(service.subscriptions()).isOne();
			assertThatExceptionOfType(NotSentException.class)
				.isThrownBy(() -> service.write(new NotSentException()).block(WAIT));
			assertThat(service.subscriptions()).as("NOT_SENT is retried").isEqualTo(3);
		});
	}

	@Test
	void notIdempotentMonoThatIsNotAtomicShouldNotBeRetried() {
		this.runner.run((context) -> {
			ReactiveService service = context.getBean(ReactiveService.class);
			assertThatExceptionOfType(NotSentException.class)
				.isThrownBy(() -> service.write(new NotSentException()).block(WAIT));
			assertThat(service.subscriptions()).as("an earlier operation of the call may have been applied").isOne();
		});
	}

	@Test
	void spentRetryBudgetShouldStopRetries() {
		this.runner
			.withPropertyValues("resilientdb.datastores.test.retry.budget.ratio=0",
					"resilientdb.datastores.test.retry.budget.min-retries-per-second=0")
			.run((context) -> {
				ReactiveService service = context.getBean(ReactiveService.class);
				assertThatExceptionOfType(NotSentException.class)
					.isThrownBy(() -> service.failingFlux(0).blockLast(WAIT));
				assertThat(service.subscriptions()).isOne();
			});
	}

	@Test
	void fullBulkheadShouldRejectWithAnErrorSignal() {
		this.runner.run((context) -> {
			ReactiveService service = context.getBean(ReactiveService.class);
			Disposable holder = service.hang().subscribe();
			try {
				Mono<String> rejected = service.hang();
				assertThatExceptionOfType(DatabaseUnavailableException.class).isThrownBy(() -> rejected.block(WAIT))
					.withMessageContaining("Bulkhead of datastore 'test' is full");
			}
			finally {
				holder.dispose();
			}
			assertThat(service.hang().timeout(Duration.ofMillis(50), Mono.just("released")).block(WAIT))
				.as("cancelling the first call released its permit")
				.isEqualTo("released");
		});
	}

	@Test
	void fallbackShouldAnswerAnOpenBreaker() {
		this.runner.run((context) -> {
			context.getBean(ResilientDbRegistries.class).circuitBreakers().circuitBreaker("test").transitionToOpenState();
			ReactiveService service = context.getBean(ReactiveService.class);
			assertThat(service.withFallback().block(WAIT)).isEqualTo("fallback: DatabaseUnavailableException");
			assertThat(service.subscriptions()).isZero();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class ReactiveConfiguration {

		@Bean
		DatastoreType testDatastoreType() {
			return new DatastoreType("test", (error) -> {
				if (error instanceof NotSentException) {
					return ErrorCategory.NOT_SENT;
				}
				return (error instanceof MaybeAppliedException) ? ErrorCategory.MAYBE_APPLIED : null;
			}, List.of());
		}

		@Bean
		ReactiveService reactiveService() {
			return new ReactiveService();
		}

	}

	static class ReactiveService {

		private final AtomicInteger subscriptions = new AtomicInteger();

		@ResilientDb(datastore = "test", idempotency = Idempotency.IDEMPOTENT)
		public Flux<String> failingFlux(int elements) {
			return Flux.defer(() -> {
				this.subscriptions.incrementAndGet();
				return Flux.concat(Flux.just("a", "b").take(elements), Flux.error(new NotSentException()));
			});
		}

		/**
		 * A publisher that is neither a {@code Mono} nor a {@code Flux}, as a driver's own publisher may be.
		 */
		@ResilientDb(datastore = "test", idempotency = Idempotency.IDEMPOTENT)
		public Publisher<String> failingPublisher(int elements) {
			Flux<String> flux = failingFlux(elements);
			return flux::subscribe;
		}

		@ResilientDb(datastore = "test", idempotency = Idempotency.NOT_IDEMPOTENT)
		public Mono<String> write(RuntimeException failure) {
			return Mono.defer(() -> {
				this.subscriptions.incrementAndGet();
				return Mono.error(failure);
			});
		}

		@ResilientDb(datastore = "test", idempotency = Idempotency.IDEMPOTENT)
		public Mono<String> hang() {
			return Mono.never();
		}

		@ResilientDb(datastore = "test", fallbackMethod = "fallback")
		public Mono<String> withFallback() {
			return Mono.defer(() -> {
				this.subscriptions.incrementAndGet();
				return Mono.just("value");
			});
		}

		public Mono<String> fallback(Throwable failure) {
			return Mono.just("fallback: " + failure.getClass().getSimpleName());
		}

		int subscriptions() {
			return this.subscriptions.getAndSet(0);
		}

	}

	static class NotSentException extends RuntimeException {

		NotSentException() {
			super("not sent", null, false, false);
		}

	}

	static class MaybeAppliedException extends RuntimeException {

		MaybeAppliedException() {
			super("maybe applied", null, false, false);
		}

	}

}
