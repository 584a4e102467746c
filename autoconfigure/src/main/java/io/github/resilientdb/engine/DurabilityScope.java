package io.github.resilientdb.engine;

import io.github.resilientdb.Durability;
import org.jspecify.annotations.Nullable;

/**
 * The durability asked for by the {@code @ResilientDb} method running on the current thread, and the datastore it
 * runs against, for the datastores' durability support (a Mongo write concern resolver, a JDBC transaction listener)
 * to read.
 */
public final class DurabilityScope {

	private static final ThreadLocal<@Nullable Scope> CURRENT = new ThreadLocal<>();

	private DurabilityScope() {
	}

	/**
	 * The durability of the running {@code @ResilientDb} method.
	 * @return the durability, {@link Durability#DEFAULT} outside such a method or when it asks for none
	 */
	public static Durability current() {
		Scope scope = CURRENT.get();
		return (scope != null) ? scope.durability() : Durability.DEFAULT;
	}

	/**
	 * The datastore of the running {@code @ResilientDb} method, whose client its durability is for.
	 * @return the datastore name, {@code null} outside such a method
	 */
	public static @Nullable String datastore() {
		Scope scope = CURRENT.get();
		return (scope != null) ? scope.datastore() : null;
	}

	static @Nullable Scope enter(String datastore, Durability durability) {
		Scope previous = CURRENT.get();
		CURRENT.set(new Scope(datastore, durability));
		return previous;
	}

	static void exit(@Nullable Scope previous) {
		CURRENT.set(previous);
	}

	record Scope(String datastore, Durability durability) {

	}

}
