package io.github.resilientdb.benchmarks.outage;

import java.time.Duration;
import java.util.List;

/**
 * One fault under one load.
 *
 * @param name a short name, for {@code --only} and the report
 * @param description what happens, in words
 * @param store the datastore that is broken (and the one callers use)
 * @param fault what breaks
 * @param callers how many callers call in a loop (0: a quiet application, only health is polled)
 * @param duration how long the fault lasts
 */
record Scenario(String name, String description, Store store, Fault fault, int callers, Duration duration) {

	/**
	 * The drill's scenarios, in the order they run.
	 * @param options the drill's options
	 * @return the scenarios
	 */
	static List<Scenario> all(DrillOptions options) {
		Duration fault = options.fault();
		return List.of(
				new Scenario("pg-refused-1", "PostgreSQL refuses connections, 1 caller", Store.JDBC, Fault.REFUSED, 1,
						fault),
				new Scenario("pg-refused-8", "PostgreSQL refuses connections, 8 callers", Store.JDBC, Fault.REFUSED,
						8, fault),
				new Scenario("pg-hung-8", "PostgreSQL hung (packets dropped), 8 callers", Store.JDBC, Fault.HUNG, 8,
						fault),
				new Scenario("pg-short-8", "PostgreSQL refuses connections for a short while, 8 callers", Store.JDBC,
						Fault.REFUSED, 8, options.shortFault()),
				new Scenario("pg-reset-8", "PostgreSQL up, connections reset mid-transaction every "
						+ Fault.RESET_INTERVAL_MILLIS + " ms, 8 callers", Store.JDBC, Fault.RESET, 8, fault),
				new Scenario("redis-hung-8", "Redis hung: its connection stays open and never answers, 8 callers",
						Store.REDIS, Fault.HUNG, 8, fault),
				new Scenario("mongo-hung-8", "MongoDB hung (packets dropped), 8 callers", Store.MONGO, Fault.HUNG, 8,
						fault),
				new Scenario("pg-quiet", "PostgreSQL refuses connections, no traffic (health polled only)",
						Store.JDBC, Fault.REFUSED, 0, fault));
	}

}
