package io.github.resilientdb.benchmarks.outage;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.jspecify.annotations.Nullable;

/**
 * The exceptions the controller got, by the call id the caller sent, so that a caller learns what failed behind the
 * HTTP status it saw (the status alone cannot tell a fast rejection from a slow failure).
 */
final class CallOutcomes {

	/** The request header carrying the caller's id of the call. */
	static final String CALL_ID_HEADER = "X-Drill-Call";

	private final Map<String, RuntimeException> failures = new ConcurrentHashMap<>();

	/**
	 * Records the failure of a call; the controller calls it before the exception reaches Spring MVC, so before the
	 * caller can have the response.
	 * @param callId the caller's id of the call
	 * @param failure what the datastore bean threw
	 */
	void failed(String callId, RuntimeException failure) {
		this.failures.put(callId, failure);
	}

	/**
	 * Takes the failure of a call the caller has the response of.
	 * @param callId the caller's id of the call
	 * @return what the datastore bean threw, or null if the call succeeded
	 */
	@Nullable RuntimeException take(String callId) {
		return this.failures.remove(callId);
	}

}
