package io.github.resilientdb.actuate;

import java.security.Principal;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Supplier;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonInclude.Include;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilientdb.autoconfigure.ResilientDbProperties;
import io.github.resilientdb.autoconfigure.ResilientDbProperties.Retry;
import io.github.resilientdb.engine.DatastorePolicy;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.engine.Datastores;
import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.health.DatastoreCheck;
import io.github.resilientdb.health.DatastoreHealthMonitor;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.Selector;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * The {@code resilientdb} endpoint: what every datastore's circuit breaker, retry policy, bulkhead, retry budget,
 * pool and health are doing, and the changes an operator may make at runtime: move the breaker, resize the pool,
 * change the datastore's own retry policy. Every change is audited by {@link ChangeAudit}.
 * <p>
 * A change request is a flat object of simple values (actuator reads a web request body as one), for instance
 * {@code {"breaker":"FORCED_OPEN"}}, {@code {"maximumPoolSize":20}} or
 * {@code {"maxRetries":1,"retryDelay":"200ms"}}; several may be combined. Every value is checked against the range
 * its field accepts before anything is changed. Only callers {@link WriteAccess} lets through may make changes.
 */
@Endpoint(id = "resilientdb")
public class ResilientDbEndpoint {

	private final MethodPolicies policies;

	private final Map<String, DatastorePool> pools = new LinkedHashMap<>();

	private final Supplier<@Nullable DatastoreHealthMonitor> health;

	private final DatastoreChanges changes;

	private final WriteAccess access;

	private final ChangeAudit audit;

	/**
	 * Creates the endpoint.
	 * @param policies the method policies, holding the datastores and retry policies
	 * @param properties the configuration of resilient-db
	 * @param pools the pools the starter can read, at most one per datastore
	 * @param health the health monitor of the datastores, if there is one
	 * @param audit records every change
	 * @param access who may make changes
	 */
	public ResilientDbEndpoint(MethodPolicies policies, ResilientDbProperties properties, List<DatastorePool> pools,
			Supplier<@Nullable DatastoreHealthMonitor> health, ChangeAudit audit, WriteAccess access) {
		this.policies = policies;
		pools.forEach((pool) -> this.pools.putIfAbsent(pool.datastore(), pool));
		this.health = health;
		this.changes = new DatastoreChanges(policies, new RetrySettings(properties, policies.datastores().names()),
				this::pool, audit);
		this.access = access;
		this.audit = audit;
	}

	/**
	 * Describes every datastore, for a caller who is nobody in particular.
	 * @return the datastores, by name
	 */
	public DatastoresDescriptor datastores() {
		return datastores(SecurityContext.NONE);
	}

	/**
	 * Describes every datastore, and whether the caller may change them.
	 * @param securityContext who asks
	 * @return the datastores, by name
	 */
	@ReadOperation
	public DatastoresDescriptor datastores(SecurityContext securityContext) {
		Datastores datastores = this.policies.datastores();
		Map<String, DatastoreDescriptor> descriptors = new TreeMap<>();
		for (String name : datastores.names()) {
			descriptors.put(name, describe(name, false));
		}
		return new DatastoresDescriptor(descriptors, this.access.allows(securityContext));
	}

	/**
	 * Describes one datastore, with its recent health checks.
	 * @param datastore the datastore name
	 * @return the datastore, or {@code null} if there is no such datastore
	 */
	@ReadOperation
	public @Nullable DatastoreDescriptor datastore(@Selector String datastore) {
		return (this.policies.datastores().get(datastore) != null) ? describe(datastore, true) : null;
	}

	/**
	 * Changes a datastore at runtime. Only the values given are changed; all of them are checked first.
	 * @param datastore the datastore name
	 * @param breaker {@code RESET}, {@code FORCED_OPEN} or {@code CLOSED}
	 * @param maximumPoolSize the new maximum size of the datastore's pool
	 * @param minimumIdle the new minimum number of idle connections of the datastore's pool
	 * @param maxRetries the new maximum number of retries of the datastore's own retry policy
	 * @param retryDelay the new wait before the first retry
	 * @param retryMultiplier the new factor the wait grows by after each retry
	 * @param retryMaxDelay the new upper bound of the wait between retries
	 * @param retryJitter the new randomization factor of every wait
	 * @param securityContext who asks
	 * @return the changes made, with the values before and after
	 * @throws WriteRefusedException if the caller may not make changes
	 * @throws InvalidChangeException if the datastore is unknown, no change is requested or a value is invalid
	 */
	@WriteOperation
	public ChangesDescriptor change(@Selector String datastore, @Nullable Object breaker,
			@Nullable Object maximumPoolSize, @Nullable Object minimumIdle, @Nullable Object maxRetries,
			@Nullable Object retryDelay, @Nullable Object retryMultiplier, @Nullable Object retryMaxDelay,
			@Nullable Object retryJitter, SecurityContext securityContext) {
		String principal = principal(securityContext);
		try {
			this.access.check(securityContext);
		}
		catch (WriteRefusedException ex) {
			this.audit.refused(principal, datastore, String.valueOf(ex.getMessage()));
			throw ex;
		}
		Map<String, @Nullable Object> request = new LinkedHashMap<>();
		request.put(DatastoreChanges.BREAKER, breaker);
		request.put(DatastoreChanges.MAXIMUM_POOL_SIZE, maximumPoolSize);
		request.put(DatastoreChanges.MINIMUM_IDLE, minimumIdle);
		request.put(DatastoreChanges.MAX_RETRIES, maxRetries);
		request.put(DatastoreChanges.RETRY_DELAY, retryDelay);
		request.put(DatastoreChanges.RETRY_MULTIPLIER, retryMultiplier);
		request.put(DatastoreChanges.RETRY_MAX_DELAY, retryMaxDelay);
		request.put(DatastoreChanges.RETRY_JITTER, retryJitter);
		return this.changes.apply(datastore, request, principal);
	}

	private static String principal(@Nullable SecurityContext securityContext) {
		Principal principal = (securityContext != null) ? securityContext.getPrincipal() : null;
		return (principal != null && principal.getName() != null) ? principal.getName() : "anonymous";
	}

	private @Nullable DatastorePool pool(String datastore) {
		return this.pools.get(datastore);
	}

	private DatastoreDescriptor describe(String name, boolean withHistory) {
		DatastorePolicy policy = this.policies.datastores().get(name);
		DatastoreType type = this.policies.datastores().type(name);
		if (policy == null || type == null) {
			throw new IllegalStateException("No datastore '" + name + "'");
		}
		DatastorePool pool = pool(name);
		return new DatastoreDescriptor(type.name(), circuitBreaker(policy.circuitBreaker()),
				retry(this.changes.retrySettings().get(name)), bulkhead(policy.bulkhead()),
				new RetryBudgetDescriptor(policy.retryBudget().ratio(), policy.retryBudget().minRetriesPerSecond()),
				(pool != null) ? pool.stats() : null, health(name, withHistory));
	}

	private static CircuitBreakerDescriptor circuitBreaker(CircuitBreaker breaker) {
		CircuitBreaker.Metrics metrics = breaker.getMetrics();
		CircuitBreakerConfig config = breaker.getCircuitBreakerConfig();
		return new CircuitBreakerDescriptor(breaker.getState().name(), metrics.getFailureRate(),
				metrics.getSlowCallRate(), metrics.getNumberOfBufferedCalls(), metrics.getNumberOfFailedCalls(),
				metrics.getNumberOfSlowCalls(), metrics.getNumberOfNotPermittedCalls(),
				new CircuitBreakerConfigDescriptor(config.getFailureRateThreshold(),
						config.getSlowCallRateThreshold(),
						RequestValues.format(config.getSlowCallDurationThreshold()), config.getSlidingWindowSize(),
						config.getMinimumNumberOfCalls(),
						RequestValues.format(
								Duration.ofMillis(config.getWaitIntervalFunctionInOpenState().apply(1))),
						config.getPermittedNumberOfCallsInHalfOpenState()));
	}

	private static RetryDescriptor retry(Retry retry) {
		return new RetryDescriptor(retry.getMaxRetries(), RequestValues.format(retry.getDelay()),
				retry.getMultiplier(), RequestValues.format(retry.getMaxDelay()), retry.getJitter());
	}

	private static BulkheadDescriptor bulkhead(Bulkhead bulkhead) {
		return new BulkheadDescriptor(bulkhead.getBulkheadConfig().getMaxConcurrentCalls(),
				RequestValues.format(bulkhead.getBulkheadConfig().getMaxWaitDuration()),
				bulkhead.getMetrics().getAvailableConcurrentCalls());
	}

	private @Nullable HealthDescriptor health(String datastore, boolean withHistory) {
		DatastoreHealthMonitor monitor = this.health.get();
		if (monitor == null) {
			return null;
		}
		DatastoreCheck latest = monitor.latest(datastore);
		List<CheckDescriptor> history = withHistory
				? monitor.history(datastore).stream().map(CheckDescriptor::of).toList() : null;
		if (latest == null) {
			return new HealthDescriptor("UNKNOWN", List.of("not probed yet"), null, 0, null, null, history);
		}
		return new HealthDescriptor(latest.status().name(), latest.reasons(), latest.latency().toMillis(),
				latest.consecutiveFailures(), latest.error(), latest.checkedAt().toString(), history);
	}

	/**
	 * Every datastore.
	 *
	 * @param datastores the datastores, by name
	 * @param operator whether the caller may make changes through the endpoint
	 */
	public record DatastoresDescriptor(Map<String, DatastoreDescriptor> datastores, boolean operator) {

	}

	/**
	 * One datastore.
	 *
	 * @param type the kind of datastore
	 * @param circuitBreaker its circuit breaker
	 * @param retry its own retry policy, used by methods that name none
	 * @param bulkhead its bulkhead
	 * @param retryBudget its retry budget, shared by every retry policy used against it
	 * @param pool its client's connection pool, if the starter can read it
	 * @param health its health as last probed, if the health checks are on
	 */
	@JsonInclude(Include.NON_NULL)
	public record DatastoreDescriptor(String type, CircuitBreakerDescriptor circuitBreaker, RetryDescriptor retry,
			BulkheadDescriptor bulkhead, RetryBudgetDescriptor retryBudget, @Nullable Object pool,
			@Nullable HealthDescriptor health) {

	}

	/**
	 * A circuit breaker's state, sliding-window metrics and configuration.
	 *
	 * @param state its state
	 * @param failureRate failure rate in percent, -1 until the minimum number of calls is reached
	 * @param slowCallRate slow call rate in percent, -1 until the minimum number of calls is reached
	 * @param bufferedCalls calls in the sliding window
	 * @param failedCalls failed calls in the sliding window
	 * @param slowCalls slow calls in the sliding window
	 * @param notPermittedCalls calls refused while open
	 * @param config its configuration
	 */
	public record CircuitBreakerDescriptor(String state, float failureRate, float slowCallRate, int bufferedCalls,
			int failedCalls, int slowCalls, long notPermittedCalls, CircuitBreakerConfigDescriptor config) {

	}

	/**
	 * A circuit breaker's configuration.
	 *
	 * @param failureRateThreshold failure rate, in percent, at which it opens
	 * @param slowCallRateThreshold slow call rate, in percent, at which it opens
	 * @param slowCallDurationThreshold duration above which a call is slow
	 * @param slidingWindowSize number of calls the rates are computed over
	 * @param minimumNumberOfCalls calls needed before the rates are computed
	 * @param waitDurationInOpenState time it stays open before trial calls
	 * @param permittedNumberOfCallsInHalfOpenState trial calls while half-open
	 */
	public record CircuitBreakerConfigDescriptor(float failureRateThreshold, float slowCallRateThreshold,
			String slowCallDurationThreshold, int slidingWindowSize, int minimumNumberOfCalls,
			String waitDurationInOpenState, int permittedNumberOfCallsInHalfOpenState) {

	}

	/**
	 * A datastore's own retry policy.
	 *
	 * @param maxRetries retries after the first attempt
	 * @param delay wait before the first retry
	 * @param multiplier factor the wait grows by after each retry
	 * @param maxDelay upper bound of the wait
	 * @param jitter randomization factor of every wait
	 */
	public record RetryDescriptor(int maxRetries, String delay, double multiplier, String maxDelay, double jitter) {

	}

	/**
	 * A bulkhead's configuration and free slots.
	 *
	 * @param maxConcurrentCalls concurrent calls allowed
	 * @param maxWait time a call waits for a free slot
	 * @param availableConcurrentCalls free slots now
	 */
	public record BulkheadDescriptor(int maxConcurrentCalls, String maxWait, int availableConcurrentCalls) {

	}

	/**
	 * A retry budget.
	 *
	 * @param ratio fraction of recent calls that may be retried
	 * @param minRetriesPerSecond retries allowed each second regardless of the ratio
	 */
	public record RetryBudgetDescriptor(double ratio, int minRetriesPerSecond) {

	}

	/**
	 * A datastore's health as last probed in the background.
	 *
	 * @param status {@code UP}, {@code DEGRADED}, {@code DOWN} or {@code UNKNOWN}
	 * @param reasons why it is not {@code UP}
	 * @param latency the last probe's latency, in milliseconds
	 * @param consecutiveFailures failed probes in a row
	 * @param lastError the last probe's error, without credentials
	 * @param checkedAt when it was last probed
	 * @param history the recent checks, oldest first, when one datastore is described
	 */
	@JsonInclude(Include.NON_NULL)
	public record HealthDescriptor(String status, List<String> reasons, @Nullable Long latency,
			int consecutiveFailures, @Nullable String lastError, @Nullable String checkedAt,
			@Nullable List<CheckDescriptor> history) {

	}

	/**
	 * One background health check.
	 *
	 * @param checkedAt when it ended
	 * @param status the health it led to
	 * @param outcome how the probe ended
	 * @param latency the probe's latency, in milliseconds
	 * @param error the probe's error, without credentials
	 */
	@JsonInclude(Include.NON_NULL)
	public record CheckDescriptor(String checkedAt, String status, String outcome, long latency,
			@Nullable String error) {

		static CheckDescriptor of(DatastoreCheck check) {
			return new CheckDescriptor(check.checkedAt().toString(), check.status().name(), check.outcome().name(),
					check.latency().toMillis(), check.error());
		}

	}

	/**
	 * The changes made to a datastore.
	 *
	 * @param datastore the datastore name
	 * @param changes each change, in the order made
	 */
	public record ChangesDescriptor(String datastore, List<ChangeDescriptor> changes) {

	}

	/**
	 * One change.
	 *
	 * @param field what was changed, as the request names it
	 * @param before the value before
	 * @param after the value after
	 */
	public record ChangeDescriptor(String field, String before, String after) {

	}

}
