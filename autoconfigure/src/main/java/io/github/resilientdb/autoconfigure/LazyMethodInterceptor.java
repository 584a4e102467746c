package io.github.resilientdb.autoconfigure;

import io.github.resilientdb.engine.ResilientDbInterceptor;
import org.aopalliance.intercept.MethodInterceptor;
import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.util.function.SingletonSupplier;

/**
 * Resolves the interceptor on the first call, so that the advisor (created with the bean post-processors) does not
 * pull the registries and metrics into early initialization.
 */
final class LazyMethodInterceptor implements MethodInterceptor {

	private final SingletonSupplier<ResilientDbInterceptor> interceptor;

	LazyMethodInterceptor(ObjectProvider<ResilientDbInterceptor> interceptor) {
		this.interceptor = SingletonSupplier.of(interceptor::getObject);
	}

	@Override
	public @Nullable Object invoke(MethodInvocation invocation) throws Throwable {
		return this.interceptor.obtain().invoke(invocation);
	}

}
