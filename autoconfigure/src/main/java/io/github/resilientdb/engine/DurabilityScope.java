package io.github.resilientdb.engine;

import io.github.resilientdb.Durability;
import org.jspecify.annotations.Nullable;

/**
 * The durability asked for by the {@code @ResilientDb} method running on the current thread, for the datastores'
 * durability support (a Mongo write concern resolver, a JDBC transaction listener) to read.
 */
public final class DurabilityScope {

	private static final ThreadLocal<@Nullable Durability> CURRENT = new ThreadLocal<>();

	private DurabilityScope() {
	}

	/**
	 * The durability of the running {@code @ResilientDb} method.
	 * @return the durability, {@link Durability#DEFAULT} outside such a method or when it asks for none
	 */
	public static Durability current() {
		Durability durability = CURRENT.get();
		return (durability != null) ? durability : Durability.DEFAULT;
	}

	static @Nullable Durability enter(Durability durability) {
		Durability previous = CURRENT.get();
		CURRENT.set(durability);
		return previous;
	}

	static void exit(@Nullable Durability previous) {
		CURRENT.set(previous);
	}

}
