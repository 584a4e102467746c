package io.github.resilientdb.benchmarks.outage;

import org.jspecify.annotations.Nullable;

/**
 * One HTTP call of a caller, as the caller saw it, with the exception the application's controller saw.
 *
 * @param start {@link System#nanoTime()} when the request was sent
 * @param end {@link System#nanoTime()} when the response arrived (or the client gave up)
 * @param status the HTTP status, or {@link #NO_RESPONSE} when none arrived within the client's timeout
 * @param failure the exception the controller got from the datastore bean, as "Type" or "Type < RootCauseType"; null
 * when the call succeeded or the controller never saw an answer
 * @param rejected whether that exception was a {@code DatabaseUnavailableException} (a fast rejection)
 */
record Call(long start, long end, int status, @Nullable String failure, boolean rejected) {

	/** The status of a call that got no HTTP response. */
	static final int NO_RESPONSE = -1;

	long duration() {
		return this.end - this.start;
	}

	boolean succeeded() {
		return this.status >= 200 && this.status < 300;
	}

}
