package io.github.resilientdb.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

import org.aopalliance.intercept.MethodInvocation;
import org.jspecify.annotations.Nullable;

import org.springframework.aop.ProxyMethodInvocation;
import org.springframework.aop.framework.ReflectiveMethodInvocation;

/**
 * Replays a method invocation from the interceptor's own position in the advice chain, so that a retry runs the
 * advice after it (a transaction interceptor, for one) again and not just the target method.
 * <p>
 * A {@link ReflectiveMethodInvocation} advances its chain position as it proceeds, and a clone copies that position.
 * Spring's own retry advice therefore clones the invocation before the first attempt, on every call. This class
 * instead notes the chain position on entry (a field read) and gives the clone that position back only when a retry
 * actually happens; if the field cannot be reached, it falls back to cloning on entry.
 */
final class InvocationReplay {

	private static final @Nullable VarHandle CHAIN_POSITION = chainPosition();

	private InvocationReplay() {
	}

	/**
	 * Marks the start of an invocation that may be replayed.
	 * @param invocation the invocation, as received by the interceptor
	 * @return a mark to hand to {@link #replay}: the chain position, or a pristine clone
	 */
	static Object mark(MethodInvocation invocation) {
		if (CHAIN_POSITION != null && invocation instanceof ReflectiveMethodInvocation) {
			return (int) CHAIN_POSITION.get(invocation);
		}
		return ((ProxyMethodInvocation) invocation).invocableClone();
	}

	/**
	 * An invocation that proceeds from the marked position again.
	 * @param invocation the original invocation
	 * @param mark the mark taken on entry
	 * @return a fresh invocation to proceed with
	 */
	static MethodInvocation replay(MethodInvocation invocation, Object mark) {
		if (mark instanceof Integer position) {
			MethodInvocation clone = ((ProxyMethodInvocation) invocation).invocableClone();
			CHAIN_POSITION.set(clone, position.intValue());
			return clone;
		}
		return ((ProxyMethodInvocation) mark).invocableClone();
	}

	private static @Nullable VarHandle chainPosition() {
		try {
			return MethodHandles.privateLookupIn(ReflectiveMethodInvocation.class, MethodHandles.lookup())
				.findVarHandle(ReflectiveMethodInvocation.class, "currentInterceptorIndex", int.class);
		}
		catch (ReflectiveOperationException | RuntimeException ex) {
			return null;
		}
	}

}
