package io.github.resilientdb.console;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.console.ConsoleState.Breaker;
import io.github.resilientdb.console.ConsoleState.Calls;
import io.github.resilientdb.console.ConsoleState.Check;
import io.github.resilientdb.console.ConsoleState.Datastore;
import io.github.resilientdb.console.ConsoleState.Health;
import io.github.resilientdb.console.ConsoleState.Outcome;
import io.github.resilientdb.console.ConsoleState.Pool;
import io.github.resilientdb.console.ConsoleState.Retries;
import io.github.resilientdb.engine.DatastorePolicy;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.engine.Datastores;
import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.health.CredentialSanitizer;
import io.github.resilientdb.health.DatastoreCheck;
import io.github.resilientdb.health.DatastoreHealthMonitor;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.distribution.HistogramSnapshot;
import io.micrometer.core.instrument.distribution.ValueAtPercentile;
import org.jspecify.annotations.Nullable;

/**
 * Reads the console's state in-process: breakers and retry budgets from the engine's {@link MethodPolicies}, health,
 * history and pool use from the {@link DatastoreHealthMonitor}, calls, latencies and retries from the
 * {@code resilientdb.calls} and {@code resilientdb.retries} meters. Nothing is probed or recomputed here.
 */
public final class ConsoleStateReader {

	static final String CALLS = "resilientdb.calls";

	static final String RETRIES = "resilientdb.retries";

	private static final int HISTORY = 60;

	private final MethodPolicies policies;

	private final @Nullable DatastoreHealthMonitor monitor;

	private final MeterRegistry registry;

	private final ConsoleProperties properties;

	private final String actuatorPath;

	private final Map<String, RecentErrors> errors = new LinkedHashMap<>();

	private final CounterRates rates = new CounterRates();

	/**
	 * Creates a reader and starts recording each datastore's call errors.
	 * @param policies the engine's policies, holding every datastore
	 * @param monitor the health monitor, if health checks are on
	 * @param registry the meter registry holding resilient-db's meters
	 * @param properties the console's configuration
	 * @param actuatorPath base path of the actuator endpoints, used when the console's configuration names none
	 */
	public ConsoleStateReader(MethodPolicies policies, @Nullable DatastoreHealthMonitor monitor,
			MeterRegistry registry, ConsoleProperties properties, String actuatorPath) {
		this.policies = policies;
		String configured = properties.getActuatorPath();
		this.actuatorPath = (configured != null) ? configured : actuatorPath;
		this.monitor = monitor;
		this.registry = registry;
		this.properties = properties;
		CredentialSanitizer sanitizer = new CredentialSanitizer();
		Datastores datastores = policies.datastores();
		for (String name : datastores.names()) {
			DatastorePolicy policy = datastores.get(name);
			if (policy != null) {
				this.errors.put(name,
						new RecentErrors(policy.circuitBreaker(), properties.getRecentErrors(), sanitizer));
			}
		}
	}

	/**
	 * Reads the state of every datastore now.
	 * @return the state
	 */
	public ConsoleState read() {
		Datastores datastores = this.policies.datastores();
		Map<String, Double> counts = new LinkedHashMap<>();
		for (Timer timer : this.registry.find(CALLS).timers()) {
			counts.merge(timer.getId().getTag("datastore") + "/" + timer.getId().getTag("outcome"),
					(double) timer.count(), Double::sum);
		}
		this.registry.find(RETRIES)
			.counters()
			.forEach((counter) -> counts.merge(counter.getId().getTag("datastore") + "/retries", counter.count(),
					Double::sum));
		Map<String, Double> perSecond = this.rates.rates(System.nanoTime(), counts);
		List<Datastore> views = new ArrayList<>();
		for (String name : datastores.names().stream().sorted().toList()) {
			DatastorePolicy policy = datastores.get(name);
			DatastoreType type = datastores.type(name);
			if (policy != null && type != null) {
				views.add(datastore(name, type, policy, perSecond));
			}
		}
		return new ConsoleState(Instant.now().toString(), this.properties.getRefreshInterval().toMillis(),
				this.actuatorPath, views);
	}

	private Datastore datastore(String name, DatastoreType type, DatastorePolicy policy,
			Map<String, Double> perSecond) {
		DatastoreCheck latest = (this.monitor != null) ? this.monitor.latest(name) : null;
		List<DatastoreCheck> history = (this.monitor != null) ? this.monitor.history(name) : List.of();
		Calls calls = calls(name, perSecond);
		double retryRate = perSecond.getOrDefault(name + "/retries", 0.0);
		double retriesTotal = this.registry.find(RETRIES).tag("datastore", name).counters().stream()
			.mapToDouble((counter) -> counter.count())
			.sum();
		Retries retries = new Retries((long) retriesTotal, retryRate, policy.retryBudget().ratio(),
				policy.retryBudget().minRetriesPerSecond(),
				(calls.perSecond() > 0) ? retryRate / calls.perSecond() : 0);
		RecentErrors recent = this.errors.get(name);
		return new Datastore(name, type.name(), health(latest), breaker(policy.circuitBreaker()), pool(latest), calls,
				retries, history.subList(Math.max(0, history.size() - HISTORY), history.size())
					.stream()
					.map(ConsoleStateReader::check)
					.toList(),
				(recent != null) ? recent.newestFirst() : List.of());
	}

	private Calls calls(String datastore, Map<String, Double> perSecond) {
		Map<String, List<Timer>> byOutcome = new TreeMap<>();
		for (Timer timer : this.registry.find(CALLS).tag("datastore", datastore).timers()) {
			byOutcome.computeIfAbsent(String.valueOf(timer.getId().getTag("outcome")), (key) -> new ArrayList<>())
				.add(timer);
		}
		List<Outcome> outcomes = new ArrayList<>();
		double total = 0;
		for (Map.Entry<String, List<Timer>> entry : byOutcome.entrySet()) {
			String outcome = entry.getKey();
			long count = entry.getValue().stream().mapToLong(Timer::count).sum();
			double rate = perSecond.getOrDefault(datastore + "/" + outcome, 0.0);
			total += rate;
			if (count > 0) {
				outcomes.add(outcome(outcome, count, rate, entry.getValue()));
			}
		}
		return new Calls(total, outcomes);
	}

	/**
	 * The figures of one outcome over every method's timer: counts add up; a percentile is the highest of the
	 * methods' (percentiles of different methods cannot be merged), so it reads "the slowest method's".
	 */
	private static Outcome outcome(String outcome, long count, double rate, List<Timer> timers) {
		Double p50 = null;
		Double p95 = null;
		Double p99 = null;
		double max = 0;
		for (Timer timer : timers) {
			if (timer.count() == 0) {
				continue;
			}
			HistogramSnapshot snapshot = timer.takeSnapshot();
			p50 = highest(p50, percentile(snapshot, 0.5));
			p95 = highest(p95, percentile(snapshot, 0.95));
			p99 = highest(p99, percentile(snapshot, 0.99));
			max = Math.max(max, timer.max(TimeUnit.MILLISECONDS));
		}
		return new Outcome(outcome, count, rate, p50, p95, p99, max);
	}

	private static @Nullable Double highest(@Nullable Double current, @Nullable Double candidate) {
		if (current == null) {
			return candidate;
		}
		return (candidate != null) ? Math.max(current, candidate) : current;
	}

	private static @Nullable Double percentile(HistogramSnapshot snapshot, double percentile) {
		for (ValueAtPercentile value : snapshot.percentileValues()) {
			if (Math.abs(value.percentile() - percentile) < 1e-9) {
				return value.value(TimeUnit.MILLISECONDS);
			}
		}
		return null;
	}

	private static Health health(@Nullable DatastoreCheck check) {
		if (check == null) {
			return new Health("UNKNOWN", List.of("not probed yet"), null, 0, null, null);
		}
		return new Health(check.status().name(), check.reasons(), check.latency().toMillis(),
				check.consecutiveFailures(), check.error(), check.checkedAt().toString());
	}

	private static Breaker breaker(CircuitBreaker breaker) {
		CircuitBreaker.Metrics metrics = breaker.getMetrics();
		return new Breaker(breaker.getState().name(), metrics.getFailureRate(),
				breaker.getCircuitBreakerConfig().getFailureRateThreshold(), metrics.getNumberOfBufferedCalls(),
				metrics.getNumberOfFailedCalls(), metrics.getNumberOfNotPermittedCalls());
	}

	private static @Nullable Pool pool(@Nullable DatastoreCheck check) {
		if (check == null || check.pool() == null) {
			return null;
		}
		var pool = check.pool();
		return new Pool(pool.active(), pool.idle(), pool.pending(), pool.max(), pool.multiplexed());
	}

	private static Check check(DatastoreCheck check) {
		return new Check(check.checkedAt().toString(), check.status().name(), check.outcome().name(),
				check.latency().toMillis(), check.error());
	}

}
