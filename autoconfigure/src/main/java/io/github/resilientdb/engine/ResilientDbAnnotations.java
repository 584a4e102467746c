package io.github.resilientdb.engine;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;

import io.github.resilientdb.ResilientDb;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.support.AopUtils;
import org.springframework.core.DecoratingProxy;
import org.springframework.core.annotation.AnnotatedElementUtils;

/**
 * Finds the {@link ResilientDb} annotation that applies to a method: on the method (or the interface method it
 * implements), else on the class or one of its interfaces, such as a Spring Data repository interface.
 */
final class ResilientDbAnnotations {

	private ResilientDbAnnotations() {
	}

	static @Nullable ResilientDb find(Method method, @Nullable Class<?> targetClass) {
		if (method.getDeclaringClass() == Object.class || Modifier.isStatic(method.getModifiers())
				|| method.getDeclaringClass().getName().startsWith("org.springframework.aop.")
				|| method.getDeclaringClass() == DecoratingProxy.class) {
			return null;
		}
		Method specificMethod = AopUtils.getMostSpecificMethod(method, targetClass);
		ResilientDb annotation = AnnotatedElementUtils.findMergedAnnotation(specificMethod, ResilientDb.class);
		if (annotation == null && specificMethod != method) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(method, ResilientDb.class);
		}
		if (annotation == null && targetClass != null && Modifier.isPublic(method.getModifiers())) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(targetClass, ResilientDb.class);
		}
		if (annotation == null && Modifier.isPublic(method.getModifiers())) {
			annotation = AnnotatedElementUtils.findMergedAnnotation(method.getDeclaringClass(), ResilientDb.class);
		}
		return annotation;
	}

}
