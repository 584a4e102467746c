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
 * unprotected; these methods are rejected at start-up instead.
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
	 * @return the deferred type it returns (for example {@code Mono} or {@code CompletableFuture}), or {@code null}
	 */
	static @Nullable Class<?> of(Method method) {
		Class<?> returnType = method.getReturnType();
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

	private static boolean isAssignable(String typeName, Class<?> returnType, @Nullable ClassLoader classLoader) {
		if (!ClassUtils.isPresent(typeName, classLoader)) {
			return false;
		}
		return ClassUtils.resolveClassName(typeName, classLoader).isAssignableFrom(returnType);
	}

}
