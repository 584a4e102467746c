package io.github.resilientdb.integration;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

import org.springframework.context.ApplicationContext;

/**
 * What an application's datastores have seen of its calls: a datastore's breaker, and the calls counted under its
 * {@code datastore} tag.
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
