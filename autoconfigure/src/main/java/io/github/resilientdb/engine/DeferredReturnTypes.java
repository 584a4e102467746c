package io.github.resilientdb.engine;

import java.lang.reflect.Method;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.concurrent.Future;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;

/**
 * Return types whose database work happens after the method has returned: reactive publishers ({@code Mono},
 * {@code Flux}, any Reactive Streams {@code Publisher}) and asynchronous results ({@code CompletionStage},
 * {@code Future}). A policy around such a method would only cover assembling the pipeline, so the work would run
 * unprotected; these methods are rejected at start-up instead, except {@code Mono}, {@code Flux}, a plain
 * {@code Publisher}, {@code CompletionStage} and {@code CompletableFuture} when Reactor and {@code resilience4j-reactor} are present
 * ({@link ReactiveCalls} protects them).
 */
final class DeferredReturnTypes {

	private static final List<String> DEFERRED_TYPE_NAMES = List.of("org.reactivestreams.Publisher",
			"kotlinx.coroutines.flow.Flow");

	private static final List<Class<?>> DEFERRED_TYPES = List.of(CompletionStage.class, Future.class,
			Flow.Publisher.class);

	private DeferredReturnTypes() {
	}

	/**
	 * The deferred type a method returns, if any.
	 * @param method the method
	 * @return the deferred type it returns (for example {@code Publisher} or {@code CompletableFuture}), or
	 * {@code null} when it returns a value or a type that is protected
	 */
	static @Nullable Class<?> of(Method method) {
		Class<?> returnType = method.getReturnType();
		if (isProtectedReactive(method)) {
			return null;
		}
		for (Class<?> deferred : DEFERRED_TYPES) {
			if (deferred.isAssignableFrom(returnType)) {
				return returnType;
			}
		}
		for (String name : DEFERRED_TYPE_NAMES) {
			if (isAssignable(name, returnType, method.getDeclaringClass().getClassLoader())) {
				return returnType;
			}
		}
		return null;
	}

	/**
	 * Whether a method returns a {@code Mono}, {@code Flux}, {@code CompletionStage} or {@code CompletableFuture}
	 * that runs behind the policy.
	 * @param method the method
	 * @return whether its return type is protected reactively
	 */
	static boolean isProtectedReactive(Method method) {
		return ResilientDbInterceptor.reactiveSupported() && ReactiveCalls.isReactive(method);
	}

	private static boolean isAssignable(String typeName, Class<?> returnType, @Nullable ClassLoader classLoader) {
		if (!ClassUtils.isPresent(typeName, classLoader)) {
			return false;
		}
		return ClassUtils.resolveClassName(typeName, classLoader).isAssignableFrom(returnType);
	}

}
