package io.github.resilientdb.health;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Probes one datastore on its own schedule: the probe runs on the datastore's own thread, at most one at a time, and
 * is abandoned when it outlives its timeout. Every result is turned into a {@link DatastoreCheck} on the scheduler's
 * thread, which is the only one to change this prober's state.
 */
final class DatastoreProber {

	private static final Log logger = LogFactory.getLog(DatastoreProber.class);

	private static final int MAX_ERROR_LENGTH = 500;

	private static final int SUBMITTED = 0;

	private static final int STARTED = 1;

	private static final int ABANDONED = 2;

	private final String datastore;

	private final DatastoreProbe probe;

	private final Supplier<@Nullable CircuitBreaker> breaker;

	private final ProbeSettings settings;

	private final CredentialSanitizer sanitizer;

	private final ScheduledExecutorService scheduler;

	private final ExecutorService probeExecutor;

	private final Supplier<List<DatastoreCheckListener>> listeners;

	private final Clock clock;

	private final CheckHistory history;

	private final CountDownLatch firstCheck = new CountDownLatch(1);

	private volatile @Nullable DatastoreCheck latest;

	private final AtomicBoolean running = new AtomicBoolean();

	private volatile long runningSince;

	private @Nullable Future<?> task;

	private final @Nullable BreakerLink breakerLink;

	private boolean warmedUp;

	DatastoreProber(String datastore, DatastoreProbe probe, Supplier<@Nullable CircuitBreaker> breaker,
			ProbeSettings settings, CredentialSanitizer sanitizer, ScheduledExecutorService scheduler,
			ExecutorService probeExecutor, Supplier<List<DatastoreCheckListener>> listeners, Clock clock) {
		this.datastore = datastore;
		this.probe = probe;
		this.breaker = breaker;
		this.settings = settings;
		this.sanitizer = sanitizer;
		this.scheduler = scheduler;
		this.probeExecutor = probeExecutor;
		this.listeners = listeners;
		this.clock = clock;
		this.history = new CheckHistory(settings.historySize());
		this.breakerLink = settings.moveBreaker()
				? new BreakerLink(datastore, breaker, settings.failureThreshold(), sanitizer) : null;
	}

	@Nullable DatastoreCheck latest() {
		return this.latest;
	}

	List<DatastoreCheck> history() {
		return this.history.toList();
	}

	void start() {
		schedule(Duration.ZERO);
	}

	/**
	 * Waits for the first check, which comes at the latest after the probe's timeout.
	 * @param deadline the {@link System#nanoTime()} after which to stop waiting
	 * @throws InterruptedException if interrupted while waiting
	 */
	void awaitFirstCheck(long deadline) throws InterruptedException {
		this.firstCheck.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
	}

	void stop() {
		this.probeExecutor.shutdownNow();
	}

	private void schedule(Duration delay) {
		try {
			this.scheduler.schedule(this::probe, delay.toNanos(), TimeUnit.NANOSECONDS);
		}
		catch (RejectedExecutionException ex) {
			// Stopped.
		}
	}

	private void probe() {
		if (this.running.get()) {
			long elapsed = System.nanoTime() - this.runningSince;
			record(ProbeOutcome.TIMEOUT, Duration.ofNanos(elapsed), "Previous probe still running after "
					+ TimeUnit.NANOSECONDS.toMillis(elapsed) + " ms; not starting another");
			return;
		}
		long start = System.nanoTime();
		Duration timeout = this.warmedUp ? this.settings.timeout() : this.settings.warmUpTimeout();
		CompletableFuture<@Nullable Void> result = new CompletableFuture<>();
		AtomicInteger state = new AtomicInteger(SUBMITTED);
		this.running.set(true);
		this.runningSince = start;
		try {
			this.task = this.probeExecutor.submit(() -> check(state, result, timeout));
		}
		catch (RejectedExecutionException ex) {
			this.running.set(false);
			return;
		}
		ScheduledFuture<?> timer = this.scheduler.schedule(
				() -> result.completeExceptionally(new TimeoutException()), timeout.toNanos(), TimeUnit.NANOSECONDS);
		result.whenCompleteAsync((ignored, failure) -> {
			timer.cancel(false);
			Duration latency = Duration.ofNanos(System.nanoTime() - start);
			if (failure == null) {
				record(ProbeOutcome.SUCCESS, latency, null);
			}
			else if (failure instanceof TimeoutException) {
				abandon(state);
				record(ProbeOutcome.TIMEOUT, latency, "No answer within " + timeout.toMillis() + " ms");
			}
			else {
				record(ProbeOutcome.FAILURE, latency, describe(failure));
			}
		}, this.scheduler);
	}

	private void abandon(AtomicInteger state) {
		if (state.compareAndSet(SUBMITTED, ABANDONED)) {
			this.running.set(false);
			return;
		}
		Future<?> task = this.task;
		if (task != null) {
			task.cancel(true);
		}
	}

	private void check(AtomicInteger state, CompletableFuture<@Nullable Void> result, Duration timeout) {
		if (!state.compareAndSet(SUBMITTED, STARTED)) {
			return;
		}
		try {
			this.probe.check(timeout);
			result.complete(null);
		}
		catch (Throwable ex) {
			result.completeExceptionally(ex);
		}
		finally {
			this.running.set(false);
		}
	}

	private void record(ProbeOutcome outcome, Duration latency, @Nullable String error) {
		DatastoreCheck previous = this.latest;
		String sanitized = truncate(this.sanitizer.sanitize(error));
		int failures = (outcome == ProbeOutcome.SUCCESS) ? 0
				: ((previous != null) ? previous.consecutiveFailures() : 0) + 1;
		if (this.breakerLink != null) {
			try {
				this.breakerLink.afterProbe(outcome == ProbeOutcome.SUCCESS, failures, sanitized);
			}
			catch (RuntimeException ex) {
				// The breaker moved under us (a call, an operator); the next probe looks again.
				logger.debug("Could not move the circuit breaker of datastore '" + this.datastore + "'", ex);
			}
		}
		if (outcome != ProbeOutcome.SUCCESS && logger.isDebugEnabled()) {
			logger.debug("Probe of datastore '" + this.datastore + "' failed (" + outcome + " after "
					+ latency.toMillis() + " ms, " + failures + " in a row): " + sanitized);
		}
		boolean warmUp = !this.warmedUp;
		this.warmedUp = true;
		DatastoreCheck check = evaluate(previous, outcome, latency, sanitized, failures, warmUp);
		this.latest = check;
		this.history.add(check);
		logTransition(previous, check);
		for (DatastoreCheckListener listener : this.listeners.get()) {
			try {
				listener.onCheck(previous, check);
			}
			catch (RuntimeException ex) {
				logger.warn("Health check listener " + listener + " failed for datastore '" + this.datastore + "'",
						ex);
			}
		}
		this.firstCheck.countDown();
		boolean healthy = check.status() == DatastoreStatus.UP && check.consecutiveFailures() == 0;
		schedule(healthy ? this.settings.interval() : this.settings.unhealthyInterval());
	}

	/**
	 * Turns a probe's outcome into a check. The first probe (the warm-up, which opens the client's connections) is
	 * never judged by its latency, and a failure makes nothing DOWN before {@code failureThreshold} probes failed.
	 */
	private DatastoreCheck evaluate(@Nullable DatastoreCheck previous, ProbeOutcome outcome, Duration latency,
			@Nullable String error, int failures, boolean warmUp) {
		BreakerState breakerState = breakerState();
		PoolUsage pool = pool();
		List<String> reasons = new ArrayList<>();
		DatastoreStatus status;
		if (outcome == ProbeOutcome.SUCCESS) {
			if (breakerState != null && breakerState.isRestricting()) {
				reasons.add("circuit breaker is " + breakerState.state());
			}
			if (!warmUp && latency.compareTo(this.settings.latencyThreshold()) > 0) {
				reasons.add("probe took " + latency.toMillis() + " ms, above "
						+ this.settings.latencyThreshold().toMillis() + " ms");
			}
			if (pool != null && pool.utilisation() > this.settings.poolUtilisationThreshold()) {
				reasons.add("pool has " + pool.active() + " of " + pool.max() + " connections in use, above "
						+ Math.round(this.settings.poolUtilisationThreshold() * 100) + " %");
			}
			status = reasons.isEmpty() ? DatastoreStatus.UP : DatastoreStatus.DEGRADED;
		}
		else {
			if (failures >= this.settings.failureThreshold()) {
				status = DatastoreStatus.DOWN;
				reasons.add(failures + " probes failed in a row");
			}
			else {
				status = (previous != null) ? previous.status() : DatastoreStatus.UNKNOWN;
				if (status != DatastoreStatus.UP) {
					reasons.add(failures + " of " + this.settings.failureThreshold()
							+ " failed probes in a row before down");
				}
			}
		}
		return new DatastoreCheck(this.datastore, status, outcome, this.clock.instant(), latency, failures, error,
				breakerState, pool, reasons);
	}

	private @Nullable BreakerState breakerState() {
		CircuitBreaker circuitBreaker = this.breaker.get();
		return (circuitBreaker != null) ? BreakerState.of(circuitBreaker) : null;
	}

	private @Nullable PoolUsage pool() {
		try {
			return this.probe.pool();
		}
		catch (RuntimeException ex) {
			logger.debug("Could not read the pool of datastore '" + this.datastore + "'", ex);
			return null;
		}
	}

	private void logTransition(@Nullable DatastoreCheck previous, DatastoreCheck check) {
		DatastoreStatus from = (previous != null) ? previous.status() : DatastoreStatus.UNKNOWN;
		DatastoreStatus to = check.status();
		if (from == to) {
			return;
		}
		if (to == DatastoreStatus.DOWN || to == DatastoreStatus.DEGRADED) {
			if (logger.isWarnEnabled()) {
				logger.warn("Datastore '" + this.datastore + "' is " + to + " (was " + from + "): "
						+ String.join("; ", check.reasons())
						+ ((check.error() != null) ? "; last error: " + check.error() : ""));
			}
		}
		else if (to == DatastoreStatus.UP && from != DatastoreStatus.UNKNOWN) {
			logger.warn("Datastore '" + this.datastore + "' is UP again (was " + from + ")");
		}
	}

	static String describe(Throwable failure) {
		StringBuilder description = new StringBuilder(summary(failure));
		Throwable root = failure;
		for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < 20; depth++) {
			root = root.getCause();
		}
		if (root != failure) {
			description.append("; caused by ").append(summary(root));
		}
		return description.toString();
	}

	private static @Nullable String truncate(@Nullable String error) {
		if (error == null || error.length() <= MAX_ERROR_LENGTH) {
			return error;
		}
		return error.substring(0, MAX_ERROR_LENGTH - 3) + "...";
	}

	private static String summary(Throwable failure) {
		String message = failure.getMessage();
		return failure.getClass().getName() + ((message != null) ? ": " + message : "");
	}

}
