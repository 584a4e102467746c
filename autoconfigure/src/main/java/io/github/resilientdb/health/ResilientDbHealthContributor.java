package io.github.resilientdb.health;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.health.contributor.CompositeHealthContributor;
import org.springframework.boot.health.contributor.HealthContributor;

/**
 * The {@code resilientDb} health contributor: one {@link DatastoreHealthIndicator} per probed datastore, named after
 * it.
 */
public final class ResilientDbHealthContributor implements CompositeHealthContributor {

	/**
	 * The name under which the contributor is registered, and under which it is added to the readiness group.
	 */
	public static final String NAME = "resilientDb";

	private final CompositeHealthContributor delegate;

	/**
	 * Creates the contributor.
	 * @param monitor the monitor probing the datastores
	 */
	public ResilientDbHealthContributor(DatastoreHealthMonitor monitor) {
		Map<String, HealthContributor> indicators = new LinkedHashMap<>();
		monitor.datastores()
			.stream()
			.sorted()
			.forEach((datastore) -> indicators.put(datastore, new DatastoreHealthIndicator(monitor, datastore)));
		this.delegate = CompositeHealthContributor.fromMap(indicators);
	}

	@Override
	public @Nullable HealthContributor getContributor(String name) {
		return this.delegate.getContributor(name);
	}

	@Override
	public Stream<Entry> stream() {
		return this.delegate.stream();
	}

}
