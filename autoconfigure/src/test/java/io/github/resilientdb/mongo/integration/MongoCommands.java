package io.github.resilientdb.mongo.integration;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.mongodb.event.ClusterDescriptionChangedEvent;
import com.mongodb.event.ClusterListener;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;

/**
 * Listens to the application's {@code MongoClient}: counts the commands it sends, by name, and tells whether it sees
 * a writable server. Registered through a {@code MongoClientSettingsBuilderCustomizer}.
 */
final class MongoCommands implements CommandListener, ClusterListener {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private final Map<String, AtomicInteger> started = new ConcurrentHashMap<>();

	private volatile boolean writable;

	private volatile Object cluster = "not described yet";

	@Override
	public void commandStarted(CommandStartedEvent event) {
		this.started.computeIfAbsent(event.getCommandName(), (name) -> new AtomicInteger()).incrementAndGet();
	}

	@Override
	public void clusterDescriptionChanged(ClusterDescriptionChangedEvent event) {
		this.writable = event.getNewDescription().hasWritableServer();
		this.cluster = event.getNewDescription().getShortDescription();
	}

	/**
	 * How many commands of a kind the driver has sent, retries of its own included.
	 * @param command the command name, such as {@code insert}
	 * @return the number sent
	 */
	int sent(String command) {
		AtomicInteger count = this.started.get(command);
		return (count != null) ? count.get() : 0;
	}

	void awaitSent(String command, int count) {
		await(() -> sent(command) >= count, () -> "'" + command + "' sent " + count + " times (sent " + sent(command)
				+ "; cluster " + this.cluster + ")");
	}

	/**
	 * Waits until the driver's monitor sees a writable server again, as the next operation's server selection needs.
	 */
	void awaitWritable() {
		await(() -> this.writable, () -> "a writable server (cluster " + this.cluster + ")");
	}

	static void await(BooleanSupplier condition, String description) {
		await(condition, () -> description);
	}

	private static void await(BooleanSupplier condition, Supplier<String> description) {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out waiting for " + description.get());
			}
			try {
				Thread.sleep(2);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new AssertionError("Interrupted waiting for " + description.get(), ex);
			}
		}
	}

}
