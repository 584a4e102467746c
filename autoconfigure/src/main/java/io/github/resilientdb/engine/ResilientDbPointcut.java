package io.github.resilientdb.engine;

import java.lang.reflect.Method;

import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.StaticMethodMatcherPointcut;

/**
 * Matches methods a {@link io.github.resilientdb.ResilientDb} annotation applies to, including the methods of an
 * annotated Spring Data repository interface.
 */
public final class ResilientDbPointcut extends StaticMethodMatcherPointcut {

	@Override
	public boolean matches(Method method, @Nullable Class<?> targetClass) {
		return ResilientDbAnnotations.find(method, targetClass) != null;
	}

}
