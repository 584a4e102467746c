package io.github.resilientdb.test.server;

import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * Holds one server per JVM that test classes share to save start-up time: started on first use,
 * stopped by a JVM shutdown hook.
 *
 * @param <T> the kind of server
 */
final class SharedInstance<T> {

	private final String name;

	private final Supplier<T> starter;

	private final Consumer<T> stopper;

	private T instance;

	/**
	 * @param name for the shutdown hook's thread
	 * @param starter starts a server
	 * @param stopper stops it at JVM shutdown
	 */
	SharedInstance(String name, Supplier<T> starter, Consumer<T> stopper) {
		this.name = name;
		this.starter = starter;
		this.stopper = stopper;
	}

	/** The shared server, started now if this is the first call (or if earlier starts failed). */
	synchronized T get() {
		if (this.instance == null) {
			T started = this.starter.get();
			Runtime.getRuntime().addShutdownHook(new Thread(() -> this.stopper.accept(started), "stop-" + this.name));
			this.instance = started;
		}
		return this.instance;
	}

}
