package io.github.resilientdb.engine;

/**
 * Knows, per thread, whether a datastore's client may have sent anything to the server since a mark: the client's
 * hook calls {@link #maySend()} at the earliest point a request can leave (for JDBC, a connection handed out by the
 * pool). A {@code @ResilientDb} call that sent nothing is retried after a not-sent failure whatever its idempotency,
 * since nothing can have been applied.
 * <p>
 * The hot path is one thread-local lookup and one increment of a counter allocated once per thread, shared by all
 * trackers: a request sent through any tracked datastore during a call counts, and so does every
 * {@code @ResilientDb} call to a datastore that is not tracked (see {@link #untrackedCall()}). When one of the
 * datastore's clients cannot be tracked, {@link #untracked()} turns the tracker off for good and the engine falls
 * back to its atomic rule.
 */
public final class SendTracker {

	/**
	 * One counter per thread for every tracker, so that what a call sent through another tracked datastore (a nested
	 * write to MongoDB in a JDBC call) also counts as sent.
	 */
	private static final ThreadLocal<long[]> counts = ThreadLocal.withInitial(() -> new long[1]);

	private volatile boolean tracked;

	private volatile boolean untracked;

	/**
	 * Creates a tracker whose hook is in place.
	 */
	public SendTracker() {
		this(true);
	}

	private SendTracker(boolean tracked) {
		this.tracked = tracked;
	}

	/**
	 * Creates a tracker that answers "may have sent" until {@link #hooked()} says its hook reached the client.
	 * @return the tracker
	 */
	public static SendTracker untilHooked() {
		return new SendTracker(false);
	}

	/**
	 * Records that the hook was installed on the datastore's client.
	 */
	public void hooked() {
		this.tracked = true;
	}

	/**
	 * Records that the current thread may be about to send a request.
	 */
	public void maySend() {
		counts.get()[0]++;
	}

	/**
	 * Records that one of the datastore's clients cannot be tracked, which makes every answer "may have sent".
	 */
	public void untracked() {
		this.untracked = true;
	}

	/**
	 * Whether every client of the datastore is tracked.
	 * @return whether the answers of this tracker can be trusted
	 */
	public boolean isTracked() {
		return this.tracked && !this.untracked;
	}

	/**
	 * Records that the current thread calls a datastore whose requests are not tracked, so that the calls around it
	 * count it as sent.
	 */
	static void untrackedCall() {
		counts.get()[0]++;
	}

	long mark() {
		return counts.get()[0];
	}

	boolean sentNothingSince(long mark) {
		return isTracked() && counts.get()[0] == mark;
	}

}
