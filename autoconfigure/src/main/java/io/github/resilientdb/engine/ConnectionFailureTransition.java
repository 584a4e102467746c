package io.github.resilientdb.engine;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.NoRouteToHostException;
import java.net.PortUnreachableException;
import java.net.SocketException;
import java.net.UnknownHostException;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;

import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.TransitionCheckResult;
import io.github.resilience4j.core.functions.Either;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import org.jspecify.annotations.Nullable;

/**
 * Opens a datastore's circuit breaker at once, through Resilience4j's {@code transitionOnResult}, on a failure that
 * proves the server cannot be reached: a {@link ErrorCategory#NOT_SENT} failure caused by a refused, unroutable or
 * failed connection attempt (including a Lettuce connection that is down). Such a failure is decisive whatever the
 * traffic: one caller sees it as surely as a hundred, so waiting for a window of calls only delays the fast
 * rejection.
 * <p>
 * A pool wait that timed out without a connection failure behind it (a busy pool in front of a healthy server) is
 * not decisive; it is counted by the sliding window like any other failure.
 */
public final class ConnectionFailureTransition implements Function<Either<Object, Throwable>, TransitionCheckResult> {

	private static final int MAX_DEPTH = 32;

	private static final Set<String> UNREACHABLE_TYPES = Set.of("com.mongodb.MongoSocketOpenException",
			"io.lettuce.core.RedisConnectionException");

	private static final String[] UNREACHABLE_MESSAGES = { "MongoSocketOpenException", "Connection refused",
			"Currently not connected" };

	private static final String SQL_UNABLE_TO_CONNECT = "08001";

	private final ErrorClassification classifier;

	private static final int MAX_DESCRIPTION_LENGTH = 300;

	private final Duration wait;

	private volatile @Nullable String lastDecisiveFailure;

	/**
	 * Creates the transition of one datastore's breaker.
	 * @param classifier classifies failures
	 * @param wait how long the breaker stays open
	 */
	public ConnectionFailureTransition(ErrorClassification classifier, Duration wait) {
		this.classifier = classifier;
		this.wait = wait;
	}

	@Override
	public TransitionCheckResult apply(Either<Object, Throwable> outcome) {
		if (outcome.isRight() && isDecisive(outcome.get())) {
			this.lastDecisiveFailure = describe(outcome.get());
			return TransitionCheckResult.transitionToOpenAndWaitFor(this.wait);
		}
		return TransitionCheckResult.noTransition();
	}

	/**
	 * The last failure that opened the breaker on its own, for the log line of the state change.
	 * @return the failure's class and message (with those of its root cause), or {@code null} if none did yet
	 */
	public @Nullable String lastDecisiveFailure() {
		return this.lastDecisiveFailure;
	}

	private static String describe(Throwable failure) {
		Throwable root = failure;
		for (int depth = 0; root.getCause() != null && root.getCause() != root && depth < MAX_DEPTH; depth++) {
			root = root.getCause();
		}
		String description = summary(failure) + ((root != failure) ? "; caused by " + summary(root) : "");
		return (description.length() <= MAX_DESCRIPTION_LENGTH) ? description
				: description.substring(0, MAX_DESCRIPTION_LENGTH - 3) + "...";
	}

	private static String summary(Throwable failure) {
		return failure.getClass().getName() + ((failure.getMessage() != null) ? ": " + failure.getMessage() : "");
	}

	/**
	 * Whether a failure proves that the datastore cannot be reached.
	 * @param failure the failure of a call
	 * @return whether it opens the breaker on its own
	 */
	public boolean isDecisive(Throwable failure) {
		return this.classifier.classify(failure) == ErrorCategory.NOT_SENT && isConnectionFailure(failure);
	}

	static boolean isConnectionFailure(Throwable failure) {
		Throwable current = failure;
		for (int depth = 0; current != null && depth < MAX_DEPTH; depth++) {
			if (current instanceof ConnectException || current instanceof NoRouteToHostException
					|| current instanceof PortUnreachableException || current instanceof UnknownHostException
					|| UNREACHABLE_TYPES.contains(current.getClass().getName())
					|| (current instanceof SQLException sql && SQL_UNABLE_TO_CONNECT.equals(sql.getSQLState())
							&& !lostAfterConnecting(sql))
					|| mentionsUnreachable(current.getMessage())) {
				return true;
			}
			current = (current.getCause() != current) ? current.getCause() : null;
		}
		return false;
	}

	/**
	 * Whether a connection attempt failed after the server had accepted it: the JDBC drivers report a connection
	 * reset or closed during the handshake with the same SQLState as a refused one, but such a server is reachable.
	 */
	private static boolean lostAfterConnecting(SQLException failure) {
		Throwable cause = failure.getCause();
		for (int depth = 0; cause != null && depth < MAX_DEPTH; depth++) {
			if (cause instanceof EOFException || (cause instanceof SocketException && !(cause instanceof ConnectException
					|| cause instanceof NoRouteToHostException || cause instanceof PortUnreachableException))) {
				return true;
			}
			cause = (cause.getCause() != cause) ? cause.getCause() : null;
		}
		return false;
	}

	private static boolean mentionsUnreachable(@Nullable String message) {
		if (message == null) {
			return false;
		}
		for (String text : UNREACHABLE_MESSAGES) {
			if (message.contains(text)) {
				return true;
			}
		}
		return false;
	}

	@Override
	public String toString() {
		return "ConnectionFailureTransition[wait=" + this.wait + "]";
	}

}
