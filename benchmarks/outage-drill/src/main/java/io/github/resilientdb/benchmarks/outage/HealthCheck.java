package io.github.resilientdb.benchmarks.outage;

/**
 * One {@code GET /actuator/health} as the poller saw it.
 *
 * @param start {@link System#nanoTime()} when the request was sent
 * @param end {@link System#nanoTime()} when the response arrived (or the client gave up)
 * @param httpStatus the HTTP status, or {@link Call#NO_RESPONSE}
 * @param status the top-level health status in the body ({@code UP}, {@code DOWN}, ...), or {@code NONE}
 */
record HealthCheck(long start, long end, int httpStatus, String status) {

	long duration() {
		return this.end - this.start;
	}

}
