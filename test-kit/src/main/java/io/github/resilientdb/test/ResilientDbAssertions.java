package io.github.resilientdb.test;

import java.time.Duration;
import java.util.concurrent.Callable;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.DatabaseUnavailableException;
import io.github.resilientdb.engine.DatastorePolicy;
import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.health.DatastoreCheck;
import io.github.resilientdb.health.DatastoreHealthMonitor;
import io.github.resilientdb.health.DatastoreStatus;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Waits for and checks what resilient-db does with the application's datastores during a chaos test: the state of a
 * datastore's circuit breaker, its health, whether calls are rejected, how many were retried. A
 * {@link ResilientDbChaos} test can autowire it. Waits poll every 50 ms for at most {@link #timeout} (30 seconds
 * unless {@link #withTimeout changed}); they check real behaviour, not timings.
 */
public final class ResilientDbAssertions {

	private static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

	private final ApplicationContext context;

	private final Duration timeout;

	/** Assertions on the resilient-db of this application context. */
	public ResilientDbAssertions(ApplicationContext context) {
		this(context, DEFAULT_TIMEOUT);
	}

	private ResilientDbAssertions(ApplicationContext context, Duration timeout) {
		this.context = context;
		this.timeout = timeout;
	}

	/** The same assertions, waiting at most {@code timeout}. */
	public ResilientDbAssertions withTimeout(Duration timeout) {
		return new ResilientDbAssertions(this.context, timeout);
	}

	/** How long waits last at most. */
	public Duration timeout() {
		return this.timeout;
	}

	/** The state of the datastore's circuit breaker right now. */
	public CircuitBreaker.State breakerState(String datastore) {
		return policy(datastore).circuitBreaker().getState();
	}

	/** Waits until the datastore's circuit breaker is in {@code state}. */
	public void awaitBreaker(String datastore, CircuitBreaker.State state) {
		await("circuit breaker of '" + datastore + "' to be " + state)
			.until(() -> breakerState(datastore) == state);
	}

	/**
	 * Waits until the datastore's circuit breaker is in {@code state}, calling {@code traffic} (failures ignored) at
	 * every poll so that a breaker that counts calls gets calls to count.
	 */
	public void awaitBreaker(String datastore, CircuitBreaker.State state, ThrowingCallable traffic) {
		await("circuit breaker of '" + datastore + "' to be " + state + " under traffic").until(() -> {
			try {
				traffic.call();
			}
			catch (Throwable ex) {
				// Expected while the datastore is broken.
			}
			return breakerState(datastore) == state;
		});
	}

	/**
	 * The health of the datastore from its latest background probe, or {@code null} before the first probe (or when
	 * health is switched off).
	 */
	public @Nullable DatastoreStatus health(String datastore) {
		DatastoreCheck check = healthMonitor().latest(datastore);
		return (check != null) ? check.status() : null;
	}

	/** Waits until the datastore's latest probe reports {@code status}. */
	public void awaitHealth(String datastore, DatastoreStatus status) {
		await("health of '" + datastore + "' to be " + status).until(() -> health(datastore) == status);
	}

	/** How many times calls to the datastore were retried since the application started. */
	public long retries(String datastore) {
		return (long) policy(datastore).retries().count();
	}

	/**
	 * Calls {@code call} and asserts that resilient-db rejected it for the datastore: it threw a
	 * {@link DatabaseUnavailableException} naming that datastore (open breaker, full bulkhead or the database down).
	 * @return the exception, for further checks
	 */
	public DatabaseUnavailableException assertRejected(String datastore, ThrowingCallable call) {
		DatabaseUnavailableException[] rejection = new DatabaseUnavailableException[1];
		assertThatExceptionOfType(DatabaseUnavailableException.class).isThrownBy(call).satisfies((ex) -> {
			assertThat(ex.getDatastore()).as("datastore of the rejection").isEqualTo(datastore);
			rejection[0] = ex;
		});
		return rejection[0];
	}

	/**
	 * Calls {@code call} until it succeeds (failures are expected while the datastore recovers) and returns its
	 * result; fails if it has not succeeded within the timeout.
	 */
	public <T> T awaitSuccess(Callable<T> call) {
		Object[] result = new Object[1];
		await("a call to succeed").ignoreExceptions().until(() -> {
			result[0] = call.call();
			return true;
		});
		@SuppressWarnings("unchecked")
		T value = (T) result[0];
		return value;
	}

	private ConditionFactory await(String what) {
		return Awaitility.await(what).atMost(this.timeout).pollInterval(Duration.ofMillis(50)).pollDelay(Duration.ZERO);
	}

	private DatastorePolicy policy(String datastore) {
		DatastorePolicy policy = this.context.getBean(MethodPolicies.class).datastores().get(datastore);
		if (policy == null) {
			throw new IllegalArgumentException("resilient-db has no datastore named '" + datastore + "'; it has "
					+ this.context.getBean(MethodPolicies.class).datastores().names());
		}
		return policy;
	}

	private DatastoreHealthMonitor healthMonitor() {
		return this.context.getBean(DatastoreHealthMonitor.class);
	}

}
