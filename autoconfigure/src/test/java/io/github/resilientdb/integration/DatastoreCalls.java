package io.github.resilientdb.integration;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.context.ApplicationContext;

/**
 * What an application's datastores have seen of its calls: a datastore's breaker, its retries, how its failures are
 * classified, and the calls counted under its {@code datastore} tag.
 */
public final class DatastoreCalls {

	private DatastoreCalls() {
	}

	/**
	 * The breaker of a datastore.
	 * @param context the application
	 * @param datastore the datastore name
	 * @return the breaker
	 */
	public static CircuitBreaker breaker(ApplicationContext context, String datastore) {
		return context.getBean(ResilientDbRegistries.class).circuitBreakers().circuitBreaker(datastore);
	}

	/**
	 * The retries of a datastore's calls.
	 * @param context the application, with a {@link MeterRegistry}
	 * @param datastore the datastore name
	 * @return the count of {@code resilientdb.retries} tagged with the datastore
	 */
	public static double retries(ApplicationContext context, String datastore) {
		return context.getBean(MeterRegistry.class)
			.get("resilientdb.retries")
			.tag("datastore", datastore)
			.counter()
			.count();
	}

	/**
	 * Records the failures a datastore's calls are about to retry.
	 * @param context the application
	 * @param datastore the datastore name
	 * @return the failures retried from now on
	 */
	public static List<Throwable> retriedFailures(ApplicationContext context, String datastore) {
		List<Throwable> failures = new CopyOnWriteArrayList<>();
		context.getBean(ResilientDbRegistries.class)
			.retries()
			.find(datastore)
			.orElseThrow()
			.getEventPublisher()
			.onRetry((event) -> failures.add(event.getLastThrowable()));
		return failures;
	}

	/**
	 * How the application classifies a failure.
	 * @param context the application
	 * @param failure the failure
	 * @return its category
	 */
	public static ErrorCategory classify(ApplicationContext context, Throwable failure) {
		return context.getBean(ErrorClassification.class).classify(failure);
	}

	/**
	 * The {@code @ResilientDb} calls of a datastore, whatever their outcome.
	 * @param context the application, with a {@link MeterRegistry}
	 * @param datastore the datastore name
	 * @return the count of {@code resilientdb.calls} tagged with the datastore
	 */
	public static long calls(ApplicationContext context, String datastore) {
		return context.getBean(MeterRegistry.class)
			.find("resilientdb.calls")
			.tag("datastore", datastore)
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
	}

}
