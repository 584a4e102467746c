package io.github.resilientdb.engine;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.Arrays;

import org.jspecify.annotations.Nullable;

import org.springframework.util.ClassUtils;
import org.springframework.util.ReflectionUtils;

/**
 * A validated {@code @ResilientDb(fallbackMethod = ...)}: a method of the same bean taking the same parameters,
 * optionally followed by the failure.
 */
final class FallbackMethod {

	private final Method method;

	private final @Nullable Class<?> failureType;

	private FallbackMethod(Method method, @Nullable Class<?> failureType) {
		this.method = method;
		this.failureType = failureType;
		ReflectionUtils.makeAccessible(method);
	}

	/**
	 * Finds and validates the fallback of an annotated method.
	 * @param name the fallback method name
	 * @param annotated the annotated method
	 * @param targetClass the class of the bean (for a repository, its proxy class)
	 * @return the fallback
	 * @throws IllegalArgumentException naming what is wrong when no suitable method exists
	 */
	static FallbackMethod find(String name, Method annotated, Class<?> targetClass) {
		Class<?>[] parameterTypes = annotated.getParameterTypes();
		Class<?>[] withFailure = Arrays.copyOf(parameterTypes, parameterTypes.length + 1);
		for (Method candidate : ReflectionUtils.getUniqueDeclaredMethods(targetClass)) {
			if (!candidate.getName().equals(name)) {
				continue;
			}
			Class<?>[] candidateTypes = candidate.getParameterTypes();
			boolean sameParameters = Arrays.equals(candidateTypes, parameterTypes);
			boolean withFailureParameter = candidateTypes.length == withFailure.length
					&& Arrays.equals(candidateTypes, 0, parameterTypes.length, parameterTypes, 0, parameterTypes.length)
					&& Throwable.class.isAssignableFrom(candidateTypes[parameterTypes.length]);
			if ((sameParameters || withFailureParameter)
					&& ClassUtils.isAssignable(annotated.getReturnType(), candidate.getReturnType())) {
				return new FallbackMethod(candidate, withFailureParameter ? candidateTypes[parameterTypes.length] : null);
			}
		}
		throw new IllegalArgumentException("No fallback method " + name + "(" + describe(parameterTypes)
				+ "[, Throwable]) returning " + annotated.getReturnType().getSimpleName() + " on "
				+ targetClass.getName());
	}

	/**
	 * Whether this fallback handles a failure.
	 * @param failure the failure of the call
	 * @return whether the fallback takes it
	 */
	boolean handles(Throwable failure) {
		return this.failureType == null || this.failureType.isInstance(failure);
	}

	@Nullable Object invoke(Object target, @Nullable Object[] arguments, Throwable failure) throws Throwable {
		Object[] fallbackArguments = arguments;
		if (this.failureType != null) {
			fallbackArguments = Arrays.copyOf(arguments, arguments.length + 1);
			fallbackArguments[arguments.length] = failure;
		}
		try {
			return this.method.invoke(target, fallbackArguments);
		}
		catch (InvocationTargetException ex) {
			throw ex.getTargetException();
		}
	}

	private static String describe(Class<?>[] types) {
		return String.join(", ", Arrays.stream(types).map(Class::getSimpleName).toList());
	}

}
