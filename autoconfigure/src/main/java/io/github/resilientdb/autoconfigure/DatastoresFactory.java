package io.github.resilientdb.autoconfigure;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryConfig;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilientdb.autoconfigure.ResilientDbProperties.Datastore;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.engine.DatastoreKind;
import io.github.resilientdb.engine.DatastorePolicy;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.engine.Datastores;
import io.github.resilientdb.engine.RepositoryDatastores;
import io.github.resilientdb.engine.RetryBudget;
import io.github.resilientdb.engine.RetryPolicies;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.ConfigurationPropertyName;

/**
 * Builds the datastores present in the application, with their Resilience4j instances, from the contributed
 * {@link DatastoreType}s and the {@code resilientdb.datastores} properties.
 */
final class DatastoresFactory {

	private static final Log logger = LogFactory.getLog(DatastoresFactory.class);

	private final ResilientDbProperties properties;

	private final List<DatastoreType> types;

	private final ErrorClassification classifier;

	private final List<DatastoreClients> clients;

	private final List<RepositoryDatastores> repositoryDatastores;

	DatastoresFactory(ResilientDbProperties properties, List<DatastoreType> types, ErrorClassification classifier) {
		this(properties, types, classifier, List.of(), List.of());
	}

	DatastoresFactory(ResilientDbProperties properties, List<DatastoreType> types, ErrorClassification classifier,
			List<DatastoreClients> clients, List<RepositoryDatastores> repositoryDatastores) {
		this.properties = properties;
		this.types = types;
		this.classifier = classifier;
		this.clients = clients;
		this.repositoryDatastores = repositoryDatastores;
	}

	Datastores datastores(CircuitBreakerRegistry breakers, BulkheadRegistry bulkheads, MeterRegistry meterRegistry) {
		Map<String, DatastorePolicy> policies = new LinkedHashMap<>();
		Map<String, DatastoreType> typesByName = new LinkedHashMap<>();
		settingsByName().forEach((name, settings) -> {
			DatastoreType type = findType(name, settings);
			if (type == null) {
				return;
			}
			String prefix = ResilienceConfigs.PREFIX + "datastores." + name;
			ResilienceConfigs.budget(prefix + ".retry.budget", settings.getRetry().getBudget());
			if (settings.getDeadline().isNegative() || settings.getDeadline().isZero()) {
				throw new InvalidResilientDbPropertyException(prefix + ".deadline", settings.getDeadline(),
						"a positive duration, the time budget of one call (retries and backoff included)");
			}
			CircuitBreaker breaker = breakers.circuitBreaker(name,
					ResilienceConfigs.circuitBreaker(prefix + ".circuit-breaker", settings.getCircuitBreaker(),
							this.classifier));
			Bulkhead bulkhead = bulkheads.bulkhead(name,
					ResilienceConfigs.bulkhead(prefix + ".bulkhead", settings.getBulkhead()));
			RetryBudget budget = new RetryBudget(settings.getRetry().getBudget().getRatio(),
					settings.getRetry().getBudget().getMinRetriesPerSecond());
			Counter retries = Counter.builder("resilientdb.retries")
				.description("Retries made by @ResilientDb, by datastore")
				.tag("datastore", name)
				.register(meterRegistry);
			policies.put(name, new DatastorePolicy(name, bulkhead, breaker, budget, retries,
					settings.getRetry().isNonAtomicWrites(), settings.getDeadline()));
			typesByName.put(name, type);
		});
		return new Datastores(policies, typesByName, this.repositoryDatastores);
	}

	RetryPolicies retryPolicies(RetryRegistry registry, Binder binder) {
		Map<String, RetryConfig> datastoreDefaults = new LinkedHashMap<>();
		settingsByName().forEach((name, settings) -> datastoreDefaults.put(name,
				ResilienceConfigs.retry(ResilienceConfigs.PREFIX + "datastores." + name + ".retry",
						settings.getRetry())));
		return new RetryPolicies(registry, datastoreDefaults,
				ResilienceConfigs.retryPolicies(this.properties.getRetryPolicies(), binder));
	}

	private Map<String, Datastore> settingsByName() {
		Map<String, Datastore> settings = new LinkedHashMap<>();
		this.types.forEach((type) -> settings.put(type.name(), new Datastore()));
		this.clients.forEach((clients) -> clients.ownDatastores().values().forEach((name) -> {
			Datastore datastore = new Datastore();
			datastore.setType(clients.type());
			settings.put(name, datastore);
		}));
		this.properties.getDatastores().forEach((key, configured) -> {
			ClientDatastore client = clientDatastore(key);
			String name = (client != null) ? client.name() : key;
			if (client != null && configured.getType() == null) {
				configured.setType(client.type());
			}
			else if (client != null && !client.type().equals(configured.getType())) {
				throw new InvalidResilientDbPropertyException(ResilienceConfigs.PREFIX + "datastores." + key + ".type",
						configured.getType(), "'" + client.type() + "' (or nothing), as datastore '" + name
								+ "' is the " + client.type() + " client bean of that name");
			}
			settings.put(name, configured);
		});
		return settings;
	}

	/**
	 * The client datastore a configured key names, matched as Spring Boot matches property names (so that
	 * {@code RESILIENTDB_DATASTORES_REPORTINGDATASOURCE_DEADLINE} configures {@code reportingDataSource}).
	 */
	private @Nullable ClientDatastore clientDatastore(String key) {
		ConfigurationPropertyName configured = ConfigurationPropertyName.adapt(key, '.');
		for (DatastoreClients clients : this.clients) {
			for (String datastore : clients.ownDatastores().values()) {
				if (datastore.equals(key) || ConfigurationPropertyName.adapt(datastore, '.').equals(configured)) {
					return new ClientDatastore(datastore, clients.type());
				}
			}
		}
		return null;
	}

	private record ClientDatastore(String name, String type) {

	}

	private DatastoreType findType(String name, Datastore settings) {
		String typeName = (settings.getType() != null) ? settings.getType() : name;
		for (DatastoreType type : this.types) {
			if (type.name().equals(typeName)) {
				return type;
			}
		}
		String property = ResilienceConfigs.PREFIX + "datastores." + name + ".type";
		List<String> kinds = DatastoreKind.names(DatastoresFactory.class.getClassLoader());
		if (!kinds.contains(typeName)) {
			throw new InvalidResilientDbPropertyException(property, typeName,
					"one of " + kinds + " (the kinds of datastore resilient-db supports)");
		}
		logger.warn("Datastore '" + name + "' is configured with type '" + typeName
				+ "', but no such client is present in the application; its settings are not used");
		return null;
	}

}
