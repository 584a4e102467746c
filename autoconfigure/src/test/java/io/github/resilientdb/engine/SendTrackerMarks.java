package io.github.resilientdb.engine;

/**
 * What the engine asks a {@link SendTracker} around a call, for the tests of the stores' send hooks.
 */
public final class SendTrackerMarks {

	private SendTrackerMarks() {
	}

	/**
	 * Marks the start of a call on the current thread.
	 * @param tracker the tracker
	 * @return the mark
	 */
	public static long mark(SendTracker tracker) {
		return tracker.mark();
	}

	/**
	 * Whether the tracker knows that the current thread sent nothing since the mark.
	 * @param tracker the tracker
	 * @param mark a mark of the current thread
	 * @return whether nothing was sent, as the engine would decide
	 */
	public static boolean sentNothingSince(SendTracker tracker, long mark) {
		return tracker.sentNothingSince(mark);
	}

}
