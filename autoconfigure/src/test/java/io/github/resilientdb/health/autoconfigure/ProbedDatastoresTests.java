package io.github.resilientdb.health.autoconfigure;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.engine.DatastorePolicy;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.engine.Datastores;
import io.github.resilientdb.engine.RetryBudget;
import io.github.resilientdb.health.DatastoreProbe;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ProbedDatastoresTests {

	private final DatastoreProbe jdbcProbe = probe("jdbc");

	private final DatastoreProbe redisProbe = probe("redis");

	@Test
	void ofShouldGiveEveryDatastoreTheProbeOfItsTypeInNameOrder() {
		DatastoreType jdbc = type("jdbc");
		DatastoreType redis = type("redis");
		DatastoreType mongo = type("mongo");
		Datastores datastores = new Datastores(
				Map.of("redis", policy("redis"), "orders", policy("orders"), "jdbc", policy("jdbc"), "mongo",
						policy("mongo")),
				Map.of("redis", redis, "orders", jdbc, "jdbc", jdbc, "mongo", mongo));
		Map<String, DatastoreProbe> probes = ProbedDatastores.of(datastores, List.of(this.redisProbe, this.jdbcProbe));
		assertThat(probes).containsExactly(Map.entry("jdbc", this.jdbcProbe), Map.entry("orders", this.jdbcProbe),
				Map.entry("redis", this.redisProbe));
	}

	@Test
	void ofShouldPreferTheProbeOfTheDatastoresOwnClient() {
		DatastoreType jdbc = type("jdbc");
		DatastoreProbe reportingProbe = probe("jdbc", "reportingDataSource");
		Datastores datastores = new Datastores(
				Map.of("jdbc", policy("jdbc"), "reportingDataSource", policy("reportingDataSource"), "orders",
						policy("orders")),
				Map.of("jdbc", jdbc, "reportingDataSource", jdbc, "orders", jdbc));
		Map<String, DatastoreProbe> probes = ProbedDatastores.of(datastores, List.of(reportingProbe, this.jdbcProbe));
		assertThat(probes).containsExactly(Map.entry("jdbc", this.jdbcProbe), Map.entry("orders", this.jdbcProbe),
				Map.entry("reportingDataSource", reportingProbe));
	}

	@Test
	void ofShouldNotGiveTheProbeOfAnotherClientToADatastore() {
		DatastoreType jdbc = type("jdbc");
		DatastoreProbe reportingProbe = probe("jdbc", "reportingDataSource");
		Datastores datastores = new Datastores(Map.of("jdbc", policy("jdbc")), Map.of("jdbc", jdbc));
		assertThat(ProbedDatastores.of(datastores, List.of(reportingProbe))).isEmpty();
	}

	private static DatastorePolicy policy(String name) {
		return new DatastorePolicy(name, Bulkhead.ofDefaults(name), CircuitBreaker.ofDefaults(name),
				new RetryBudget(0.1, 5), new SimpleMeterRegistry().counter("retries"));
	}

	private static DatastoreType type(String name) {
		return new DatastoreType(name, (failure) -> null, List.of());
	}

	private static DatastoreProbe probe(String type) {
		return probe(type, null);
	}

	private static DatastoreProbe probe(String type, @Nullable String datastore) {
		return new DatastoreProbe() {

			@Override
			public @Nullable String datastore() {
				return datastore;
			}

			@Override
			public String type() {
				return type;
			}

			@Override
			public void check(Duration timeout) {
			}

			@Override
			public String toString() {
				return type + "Probe";
			}

		};
	}

}
