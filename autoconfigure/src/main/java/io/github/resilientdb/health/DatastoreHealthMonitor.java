package io.github.resilientdb.health;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.jspecify.annotations.Nullable;

import org.springframework.context.SmartLifecycle;

/**
 * Probes every datastore in the background, each on its own schedule and thread, and keeps the latest check and a
 * bounded history of each. Reading them never waits for a datastore, which is what lets the health endpoint answer
 * in microseconds with every server gone.
 * <p>
 * Probing starts with the application context (after the clients, which start in earlier phases), which waits for
 * the first checks at most the probe timeout, and stops with it.
 */
public final class DatastoreHealthMonitor implements SmartLifecycle {

	private static final Duration FIRST_CHECK_MARGIN = Duration.ofMillis(200);

	private final Map<String, DatastoreProber> probers = new LinkedHashMap<>();

	private final ScheduledThreadPoolExecutor scheduler;

	private final Supplier<List<DatastoreCheckListener>> listenerSupplier;

	private final Duration firstCheckWait;

	private volatile List<DatastoreCheckListener> listeners = List.of();

	private volatile boolean running;

	/**
	 * Creates a monitor.
	 * @param probes the probe of each datastore, by datastore name
	 * @param breakers the circuit breaker of a datastore, by name, or {@code null} if it has none
	 * @param settings how to probe and how to judge a probe
	 * @param listeners the listeners to tell of every check, resolved when probing starts
	 */
	public DatastoreHealthMonitor(Map<String, DatastoreProbe> probes,
			Function<String, @Nullable CircuitBreaker> breakers, ProbeSettings settings,
			Supplier<List<DatastoreCheckListener>> listeners) {
		this.listenerSupplier = listeners;
		this.firstCheckWait = settings.timeout().plus(FIRST_CHECK_MARGIN);
		this.scheduler = new ScheduledThreadPoolExecutor(1, daemonThreads("resilientdb-health"));
		this.scheduler.setRemoveOnCancelPolicy(true);
		List<String> secrets = new ArrayList<>();
		probes.values().forEach((probe) -> secrets.addAll(probe.secrets()));
		CredentialSanitizer sanitizer = new CredentialSanitizer(secrets);
		probes.forEach((name, probe) -> {
			ExecutorService executor = Executors.newSingleThreadExecutor(daemonThreads("resilientdb-health-" + name));
			this.probers.put(name, new DatastoreProber(name, probe, () -> breakers.apply(name), settings, sanitizer,
					this.scheduler, executor, () -> this.listeners, Clock.systemUTC()));
		});
	}

	/**
	 * The names of the probed datastores.
	 * @return the names, in the order they were given
	 */
	public Set<String> datastores() {
		return this.probers.keySet();
	}

	/**
	 * The latest check of a datastore.
	 * @param datastore the datastore name
	 * @return the check, or {@code null} if the datastore has not been probed yet or is not probed at all
	 */
	public @Nullable DatastoreCheck latest(String datastore) {
		DatastoreProber prober = this.probers.get(datastore);
		return (prober != null) ? prober.latest() : null;
	}

	/**
	 * The recent checks of a datastore, oldest first, at most {@link ProbeSettings#historySize()} of them.
	 * @param datastore the datastore name
	 * @return the checks, empty if there are none
	 */
	public List<DatastoreCheck> history(String datastore) {
		DatastoreProber prober = this.probers.get(datastore);
		return (prober != null) ? prober.history() : List.of();
	}

	/**
	 * Starts probing every datastore and waits for their first checks, all probed at once, so that health has a
	 * verdict from its first request on. The wait is bounded by the probe timeout.
	 */
	@Override
	public void start() {
		if (this.running) {
			return;
		}
		this.listeners = List.copyOf(this.listenerSupplier.get());
		this.running = true;
		this.probers.values().forEach(DatastoreProber::start);
		long deadline = System.nanoTime() + this.firstCheckWait.toNanos();
		try {
			for (DatastoreProber prober : this.probers.values()) {
				prober.awaitFirstCheck(deadline);
			}
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public void stop() {
		this.running = false;
		this.scheduler.shutdownNow();
		this.probers.values().forEach(DatastoreProber::stop);
	}

	@Override
	public boolean isRunning() {
		return this.running;
	}

	@Override
	public String toString() {
		return "DatastoreHealthMonitor" + this.probers.keySet();
	}

	private static ThreadFactory daemonThreads(String name) {
		return (runnable) -> {
			Thread thread = new Thread(runnable, name);
			thread.setDaemon(true);
			return thread;
		};
	}

}
