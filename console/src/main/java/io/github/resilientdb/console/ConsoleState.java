package io.github.resilientdb.console;

import java.util.List;

import org.jspecify.annotations.Nullable;

/**
 * What the console page shows at one moment, as served in JSON at {@code <path>/state}.
 *
 * @param generatedAt when it was read (ISO-8601)
 * @param refreshMillis how often the page should ask again, in milliseconds
 * @param actuatorPath base path of the actuator endpoints, where operator actions are sent
 * @param datastores every datastore, by name
 */
public record ConsoleState(String generatedAt, long refreshMillis, String actuatorPath, List<Datastore> datastores) {

	/**
	 * One datastore.
	 *
	 * @param name its name
	 * @param type the kind of datastore
	 * @param health its health as last probed
	 * @param breaker its circuit breaker
	 * @param pool its client's pool, when known
	 * @param calls calls made through {@code @ResilientDb}
	 * @param retries retries made and the retry budget
	 * @param history recent health checks, oldest first
	 * @param errors recent call errors, newest first, without credentials
	 */
	public record Datastore(String name, String type, Health health, Breaker breaker, @Nullable Pool pool, Calls calls,
			Retries retries, List<Check> history, List<CallError> errors) {

	}

	/**
	 * Health as last probed.
	 *
	 * @param status {@code UP}, {@code DEGRADED}, {@code DOWN} or {@code UNKNOWN}
	 * @param reasons why it is not {@code UP}
	 * @param latencyMillis the last probe's latency
	 * @param consecutiveFailures failed probes in a row
	 * @param lastError the last probe's error, without credentials
	 * @param checkedAt when it was last probed
	 */
	public record Health(String status, List<String> reasons, @Nullable Long latencyMillis, int consecutiveFailures,
			@Nullable String lastError, @Nullable String checkedAt) {

	}

	/**
	 * A circuit breaker.
	 *
	 * @param state its state
	 * @param failureRate failure rate in percent, -1 until enough calls were made
	 * @param failureRateThreshold failure rate at which it opens
	 * @param bufferedCalls calls in its sliding window
	 * @param failedCalls failed calls in its sliding window
	 * @param notPermittedCalls calls refused while open
	 */
	public record Breaker(String state, float failureRate, float failureRateThreshold, int bufferedCalls,
			int failedCalls, long notPermittedCalls) {

	}

	/**
	 * A connection pool.
	 *
	 * @param inUse connections lent out
	 * @param idle connections waiting in the pool
	 * @param waiting callers waiting for a connection
	 * @param max the most connections it may open
	 * @param multiplexed whether one connection is shared by every caller
	 */
	public record Pool(int inUse, int idle, int waiting, int max, boolean multiplexed) {

	}

	/**
	 * Calls through {@code @ResilientDb}.
	 *
	 * @param perSecond calls per second, over the last few seconds
	 * @param outcomes the figures of each outcome
	 */
	public record Calls(double perSecond, List<Outcome> outcomes) {

	}

	/**
	 * The calls of one outcome.
	 *
	 * @param outcome {@code success}, {@code failure}, {@code rejected} or {@code fallback}
	 * @param count calls since start
	 * @param perSecond calls per second, over the last few seconds
	 * @param p50Millis median latency of the slowest method, when known
	 * @param p95Millis 95th percentile latency, when known
	 * @param p99Millis 99th percentile latency, when known
	 * @param maxMillis the longest recent call
	 */
	public record Outcome(String outcome, long count, double perSecond, @Nullable Double p50Millis,
			@Nullable Double p95Millis, @Nullable Double p99Millis, double maxMillis) {

	}

	/**
	 * Retries and the retry budget.
	 *
	 * @param total retries since start
	 * @param perSecond retries per second, over the last few seconds
	 * @param budgetRatio fraction of recent calls that may be retried
	 * @param budgetMinPerSecond retries allowed each second regardless of the ratio
	 * @param budgetUsed recent retries per recent call, compared with the ratio
	 */
	public record Retries(long total, double perSecond, double budgetRatio, int budgetMinPerSecond,
			double budgetUsed) {

	}

	/**
	 * One health check.
	 *
	 * @param checkedAt when it ended
	 * @param status the health it led to
	 * @param outcome how the probe ended
	 * @param latencyMillis how long it took
	 * @param error its error, without credentials
	 */
	public record Check(String checkedAt, String status, String outcome, long latencyMillis, @Nullable String error) {

	}

	/**
	 * One failed call.
	 *
	 * @param at when it failed
	 * @param exception the exception's class
	 * @param message its message, without credentials
	 */
	public record CallError(String at, String exception, @Nullable String message) {

	}

}
