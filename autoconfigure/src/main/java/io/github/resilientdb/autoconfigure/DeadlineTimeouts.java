package io.github.resilientdb.autoconfigure;

import java.time.Duration;

import io.github.resilientdb.engine.DatastorePolicy;

import org.springframework.boot.context.properties.bind.Bindable;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;
import org.springframework.core.env.Environment;

/**
 * The default timeouts of the drivers, derived from the deadline of one call ({@code resilientdb.datastores.<name>
 * .deadline}, 5 s unless set) so that they fit each other and the deadline: a pool wait short enough for retries to
 * fit, a socket timeout that ends a call to a hung server inside the deadline, a leak detection longer than the
 * socket timeout. With the 5 s default: pool wait 1 s, validation 500 ms, connect 1 s, socket 4 s, command 2 s,
 * leak detection 10 s.
 *
 * @param deadline the time budget of one call, retries and backoff included
 * @param poolWait how long a caller waits for a pooled connection (Hikari {@code connection-timeout}, commons-pool2
 * {@code max-wait}, MongoDB {@code maxWaitTime})
 * @param validation how long a pool waits for a connection to prove alive (Hikari {@code validation-timeout})
 * @param connect how long opening a TCP connection may take (PostgreSQL, MariaDB, Lettuce, MongoDB)
 * @param socket how long a JDBC driver waits for data on an open connection ({@code socketTimeout}): what the
 * deadline leaves after a pool wait
 * @param command how long one Redis command may take, and MongoDB's server selection and socket read, which its
 * driver may retry once (Lettuce command timeout, MongoDB {@code serverSelectionTimeoutMS} and
 * {@code socketTimeoutMS})
 * @param leakDetection how long a JDBC connection may be out of the pool before a leak is logged
 */
public record DeadlineTimeouts(Duration deadline, Duration poolWait, Duration validation, Duration connect,
		Duration socket, Duration command, Duration leakDetection) {

	private static final Duration POOL_WAIT_FLOOR = Duration.ofMillis(500);

	private static final Duration VALIDATION_FLOOR = Duration.ofMillis(250);

	private static final Duration SOCKET_FLOOR = Duration.ofSeconds(1);

	private static final Duration LEAK_DETECTION_FLOOR = Duration.ofSeconds(2);

	/**
	 * The timeouts that follow from a deadline.
	 * @param deadline the time budget of one call
	 * @return the timeouts
	 */
	public static DeadlineTimeouts of(Duration deadline) {
		Duration poolWait = max(deadline.dividedBy(5), POOL_WAIT_FLOOR);
		Duration validation = max(poolWait.dividedBy(2), VALIDATION_FLOOR);
		Duration socket = max(deadline.minus(poolWait), SOCKET_FLOOR);
		Duration command = deadline.multipliedBy(2).dividedBy(5);
		Duration leakDetection = max(deadline.multipliedBy(2), LEAK_DETECTION_FLOOR);
		return new DeadlineTimeouts(deadline, poolWait, validation, poolWait, socket, command, leakDetection);
	}

	/**
	 * The timeouts of a datastore, from {@code resilientdb.datastores.<name>.deadline}.
	 * @param environment the environment to read the deadline from
	 * @param type the datastore: {@code jdbc}, {@code mongo}, {@code redis}, or the bean name of a client that is
	 * one of several of its kind
	 * @return the timeouts
	 */
	public static DeadlineTimeouts of(Environment environment, String type) {
		Duration deadline = Binder.get(environment)
			.bind(ConfigurationPropertyName.adapt("resilientdb.datastores." + type + ".deadline", '.'),
					Bindable.of(Duration.class))
			.orElse(DatastorePolicy.DEFAULT_DEADLINE);
		return (deadline.isNegative() || deadline.isZero()) ? of(DatastorePolicy.DEFAULT_DEADLINE) : of(deadline);
	}

	private static Duration max(Duration a, Duration b) {
		return (a.compareTo(b) >= 0) ? a : b;
	}

}
