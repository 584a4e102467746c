package io.github.resilientdb.engine;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;

import io.github.resilientdb.Durability;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.util.ReflectionUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A {@code @ResilientDb} method returning a reactive or asynchronous type other than {@code Mono} and {@code Flux}
 * (which run behind the policy, see {@code ReactiveRedisIntegrationTests}) fails the start naming the method; it is
 * never left silently unprotected.
 */
class DeferredReturnTypesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResilientDbAutoConfiguration.class))
		.withUserConfiguration(TestStoreConfiguration.class);

	@Test
	void ofShouldRecognizeReactiveAndAsynchronousTypes() {
		assertThat(DeferredReturnTypes.of(method("mono"))).as("protected").isNull();
		assertThat(DeferredReturnTypes.of(method("flux"))).as("protected").isNull();
		assertThat(DeferredReturnTypes.of(method("publisher"))).as("protected").isNull();
		assertThat(DeferredReturnTypes.of(method("flowPublisher"))).isEqualTo(Flow.Publisher.class);
		assertThat(DeferredReturnTypes.of(method("stage"))).as("protected").isNull();
		assertThat(DeferredReturnTypes.of(method("completableFuture"))).as("protected").isNull();
		assertThat(DeferredReturnTypes.of(method("future"))).isEqualTo(Future.class);
		assertThat(DeferredReturnTypes.of(method("plain"))).isNull();
		assertThat(DeferredReturnTypes.of(method("list"))).isNull();
	}

	@Test
	void runWithMonoFluxAndCompletionStageMethodsShouldStart() {
		this.runner.withBean(ReactiveService.class).run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void runWithReactiveStreamsPublisherMethodShouldStart() {
		this.runner.withBean(PublisherService.class).run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void runWithFlowPublisherMethodShouldFailNamingIt() {
		this.runner.withBean(FlowPublisherService.class).run((context) -> {
			InvalidResilientDbMethodException failure = methodFailure(context.getStartupFailure());
			assertThat(failure.getMethod()).isEqualTo("FlowPublisherService.find");
			assertThat(failure.getMessage()).contains("it returns Publisher")
				.contains("only Mono, Flux, Publisher, CompletionStage and CompletableFuture are supported");
			assertThat(failure.getAction()).contains("Return Mono, Flux or CompletionStage");
		});
	}

	@Test
	void runWithReactiveMethodAskingForDurabilityShouldFailNamingIt() {
		this.runner.withBean(DurableReactiveService.class).run((context) -> {
			InvalidResilientDbMethodException failure = methodFailure(context.getStartupFailure());
			assertThat(failure.getMethod()).isEqualTo("DurableReactiveService.save");
			assertThat(failure.getMessage()).contains("it returns Mono and asks for durability CRITICAL");
		});
	}

	@Test
	void runWithFutureMethodShouldFailNamingIt() {
		this.runner.withBean(AsynchronousService.class).run((context) -> {
			InvalidResilientDbMethodException failure = methodFailure(context.getStartupFailure());
			assertThat(failure.getMessage()).isEqualTo("@ResilientDb on AsynchronousService.find cannot be applied: "
					+ "it returns Future, whose database work runs after the method returns, outside any policy; of "
					+ "the reactive and asynchronous return types only Mono, Flux, Publisher, CompletionStage and "
					+ "CompletableFuture are supported (with reactor-core and resilience4j-reactor on the class path)");
		});
	}

	@Test
	void runWithReactiveMethodOfAnAnnotatedTypeShouldFail() {
		this.runner.withBean(AnnotatedTypeService.class)
			.run((context) -> assertThat(methodFailure(context.getStartupFailure()).getMethod())
				.isEqualTo("AnnotatedTypeService.findAll"));
	}

	@Test
	void runWithFluxMethodOfAnAnnotatedTypeShouldStart() {
		this.runner.withBean(AnnotatedReactiveService.class).run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void runWithBlockingMethodsOnlyShouldStart() {
		this.runner.withBean(BlockingService.class).run((context) -> assertThat(context).hasNotFailed());
	}

	private static Method method(String name) {
		Method method = ReflectionUtils.findMethod(Shapes.class, name);
		assertThat(method).isNotNull();
		return method;
	}

	private static InvalidResilientDbMethodException methodFailure(Throwable startupFailure) {
		assertThat(startupFailure).isNotNull();
		Throwable cause = startupFailure;
		while (cause != null && !(cause instanceof InvalidResilientDbMethodException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("InvalidResilientDbMethodException in %s", startupFailure).isNotNull();
		return (InvalidResilientDbMethodException) cause;
	}

	@Configuration(proxyBeanMethods = false)
	static class TestStoreConfiguration {

		@Bean
		DatastoreType testDatastoreType() {
			return new DatastoreType("test", (error) -> null, List.of());
		}

	}

	interface Shapes {

		Mono<String> mono();

		Flux<String> flux();

		Publisher<String> publisher();

		Flow.Publisher<String> flowPublisher();

		CompletionStage<String> stage();

		CompletableFuture<String> completableFuture();

		Future<String> future();

		String plain();

		List<String> list();

	}

	static class ReactiveService {

		@ResilientDb
		public Mono<String> find() {
			return Mono.just("found");
		}

		@ResilientDb
		public Flux<String> findAll() {
			return Flux.just("found");
		}

		@ResilientDb
		public CompletionStage<String> findLater() {
			return CompletableFuture.completedFuture("found");
		}

		@ResilientDb
		public CompletableFuture<String> findLaterToo() {
			return CompletableFuture.completedFuture("found");
		}

	}

	static class PublisherService {

		@ResilientDb
		public Publisher<String> find() {
			return Mono.just("found");
		}

	}

	static class FlowPublisherService {

		@ResilientDb
		public Flow.Publisher<String> find() {
			return (subscriber) -> {
			};
		}

	}

	static class DurableReactiveService {

		@ResilientDb(durability = Durability.CRITICAL)
		public Mono<String> save() {
			return Mono.just("saved");
		}

	}

	@ResilientDb
	static class AnnotatedReactiveService {

		public Mono<String> find() {
			return Mono.just("found");
		}

		public Flux<String> findAll() {
			return Flux.just("found");
		}

	}

	static class AsynchronousService {

		@ResilientDb
		public Future<String> find() {
			return CompletableFuture.completedFuture("found");
		}

	}

	@ResilientDb
	static class AnnotatedTypeService {

		public String find() {
			return "found";
		}

		public Future<String> findAll() {
			return CompletableFuture.completedFuture("found");
		}

	}

	static class BlockingService {

		@ResilientDb
		public String find() {
			return "found";
		}

	}

}
