package io.github.resilientdb.health;

import java.time.Duration;
import java.util.function.Supplier;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreaker.State;
import io.github.resilientdb.engine.ConnectionFailureTransition;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

/**
 * Lets the background probe of a datastore move its circuit breaker, so that an outage is detected and its end seen
 * whatever the traffic, through Resilience4j's own transitions:
 * <ul>
 * <li>{@code failureThreshold} failed probes in a row open a {@code CLOSED} or {@code HALF_OPEN} breaker;</li>
 * <li>a successful probe closes an {@code OPEN} breaker when a probe failed while it was open (the probe saw the
 * outage and now sees its end), and otherwise makes it {@code HALF_OPEN} once its open wait has elapsed (so that a
 * quiet application gets its trial calls without having to make one);</li>
 * <li>a successful probe closes a breaker that was already {@code HALF_OPEN} at the previous probe: no trial call
 * decided in a whole interval, so nobody is calling.</li>
 * </ul>
 * A breaker forced open, disabled or metrics-only by an operator is never touched. The link also logs each state
 * change of the breaker it observes, once, at WARN, with its cause. It reads the breaker's state when probing and
 * registers no event consumer, so that calls pay nothing for it.
 * <p>
 * Used on the prober's scheduler thread only.
 */
final class BreakerLink {

	private static final Log logger = LogFactory.getLog(BreakerLink.class);

	private final String datastore;

	private final Supplier<@Nullable CircuitBreaker> breaker;

	private final int failureThreshold;

	private final CredentialSanitizer sanitizer;

	private @Nullable State lastSeen;

	private long openSince;

	private boolean failedWhileOpen;

	private boolean halfOpenAtLastProbe;

	BreakerLink(String datastore, Supplier<@Nullable CircuitBreaker> breaker, int failureThreshold,
			CredentialSanitizer sanitizer) {
		this.datastore = datastore;
		this.sanitizer = sanitizer;
		this.breaker = breaker;
		this.failureThreshold = failureThreshold;
	}

	/**
	 * Moves the breaker after a probe, before the probe's check is evaluated.
	 * @param success whether the probe succeeded
	 * @param consecutiveFailures failed probes in a row, this one included
	 * @param error the probe's error, without credentials, or {@code null} after a success
	 */
	void afterProbe(boolean success, int consecutiveFailures, @Nullable String error) {
		CircuitBreaker breaker = this.breaker.get();
		if (breaker == null) {
			return;
		}
		observe(breaker, null);
		State state = breaker.getState();
		if (!success) {
			if (state == State.OPEN) {
				this.failedWhileOpen = true;
			}
			else if ((state == State.CLOSED || state == State.HALF_OPEN)
					&& consecutiveFailures >= this.failureThreshold) {
				breaker.transitionToOpenState();
				observe(breaker, consecutiveFailures + " health probes failed in a row"
						+ ((error != null) ? "; last error: " + error : ""));
				this.failedWhileOpen = true;
			}
			this.halfOpenAtLastProbe = false;
			return;
		}
		if (state == State.OPEN) {
			if (this.failedWhileOpen) {
				breaker.transitionToClosedState();
				observe(breaker, "the health probe succeeded after failing while the breaker was open");
			}
			else if (System.nanoTime() - this.openSince >= openWait(breaker).toNanos()) {
				breaker.transitionToHalfOpenState();
				observe(breaker, "the health probe succeeded after the open wait; letting trial calls through");
				this.halfOpenAtLastProbe = true;
			}
		}
		else if (state == State.HALF_OPEN) {
			if (this.halfOpenAtLastProbe) {
				breaker.transitionToClosedState();
				observe(breaker, "the health probe succeeded and no trial call decided within a probe interval");
			}
			else {
				this.halfOpenAtLastProbe = true;
			}
		}
	}

	/**
	 * Notes the breaker's state, logging a change since the last look.
	 * @param breaker the breaker
	 * @param cause why it changed, or {@code null} if the change came from the calls
	 */
	private void observe(CircuitBreaker breaker, @Nullable String cause) {
		State state = breaker.getState();
		State previous = this.lastSeen;
		if (state == previous) {
			return;
		}
		this.lastSeen = state;
		if (state == State.OPEN) {
			this.openSince = System.nanoTime();
			this.failedWhileOpen = false;
		}
		if (state != State.HALF_OPEN) {
			this.halfOpenAtLastProbe = false;
		}
		if (previous == null && state == State.CLOSED) {
			return;
		}
		if (logger.isWarnEnabled()) {
			logger.warn("Circuit breaker of datastore '" + this.datastore + "' is " + state
					+ ((previous != null) ? " (was " + previous + ")" : "") + ": "
					+ ((cause != null) ? cause : causeFromCalls(breaker, state)));
		}
	}

	private String causeFromCalls(CircuitBreaker breaker, State state) {
		CircuitBreaker.Metrics metrics = breaker.getMetrics();
		return switch (state) {
			case OPEN -> {
				String decisive = (breaker.getCircuitBreakerConfig()
					.getTransitionOnResult() instanceof ConnectionFailureTransition transition)
							? transition.lastDecisiveFailure() : null;
				yield (decisive != null) ? "a call could not reach the server: " + this.sanitizer.sanitize(decisive)
						: metrics.getNumberOfFailedCalls() + " failed and " + metrics.getNumberOfSlowCalls()
								+ " slow of the last " + metrics.getNumberOfBufferedCalls() + " calls";
			}
			case HALF_OPEN -> "the open wait elapsed; letting trial calls through";
			case CLOSED -> "the trial calls succeeded";
			default -> "set by an operator";
		};
	}

	private static Duration openWait(CircuitBreaker breaker) {
		return Duration.ofMillis(breaker.getCircuitBreakerConfig().getWaitIntervalFunctionInOpenState().apply(1));
	}

}
