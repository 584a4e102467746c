package io.github.resilientdb.engine;

import java.lang.reflect.Proxy;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.aop.framework.ProxyFactory;
import org.springframework.aop.target.EmptyTargetSource;
import org.springframework.data.keyvalue.repository.KeyValueRepository;
import org.springframework.data.mongodb.repository.MongoRepository;
import org.springframework.data.mongodb.repository.support.SimpleMongoRepository;
import org.springframework.data.repository.CrudRepository;

import static org.assertj.core.api.Assertions.assertThat;

class DatastoresTests {

	private static final DatastoreType JDBC = new DatastoreType("jdbc", (error) -> null,
			List.of("org.springframework.data.jdbc.", "org.springframework.data.relational.",
					"org.springframework.data.jpa.", "org.springframework.jdbc."));

	private static final DatastoreType MONGO = new DatastoreType("mongo", (error) -> null,
			List.of("org.springframework.data.mongodb.", "com.mongodb."));

	private static final DatastoreType REDIS = new DatastoreType("redis", (error) -> null,
			List.of("org.springframework.data.redis.", "org.springframework.data.keyvalue."));

	@Test
	void inferWithOneDatastoreShouldReturnItForAnyBean() {
		Datastores datastores = datastores(Map.of("jdbc", JDBC));
		assertThat(datastores.infer(new PlainService())).isEqualTo("jdbc");
	}

	@Test
	void inferWithSeveralDatastoresAndPlainBeanShouldReturnNull() {
		Datastores datastores = datastores(Map.of("jdbc", JDBC, "mongo", MONGO));
		assertThat(datastores.infer(new PlainService())).isNull();
	}

	@Test
	void inferShouldRecognizeStoreSpecificRepositoryInterface() {
		Datastores datastores = datastores(Map.of("jdbc", JDBC, "mongo", MONGO, "redis", REDIS));
		assertThat(datastores.infer(repository(PersonMongoRepository.class))).isEqualTo("mongo");
		assertThat(datastores.infer(repository(PersonKeyValueRepository.class))).isEqualTo("redis");
	}

	@Test
	void inferShouldRecognizeStoreSpecificRepositoryImplementation() {
		Datastores datastores = datastores(Map.of("jdbc", JDBC, "mongo", MONGO));
		ProxyFactory factory = new ProxyFactory();
		factory.addInterface(PersonCrudRepository.class);
		factory.setTargetSource(EmptyTargetSource.forClass(SimpleMongoRepository.class));
		assertThat(datastores.infer(factory.getProxy())).isEqualTo("mongo");
	}

	@Test
	void inferWithStoreNeutralRepositoryAndSeveralDatastoresShouldReturnNull() {
		Datastores datastores = datastores(Map.of("jdbc", JDBC, "mongo", MONGO));
		assertThat(datastores.infer(repository(PersonCrudRepository.class))).isNull();
	}

	@Test
	void inferWithSeveralDatastoresOfSameTypeShouldPreferDatastoreNamedAfterType() {
		Map<String, DatastoreType> types = new LinkedHashMap<>();
		types.put("archive", MONGO);
		types.put("mongo", MONGO);
		types.put("jdbc", JDBC);
		assertThat(datastores(types).infer(repository(PersonMongoRepository.class))).isEqualTo("mongo");
	}

	@Test
	void inferWithSeveralDatastoresOfSameTypeNoneNamedAfterTypeShouldReturnNull() {
		Datastores datastores = datastores(Map.of("primary", MONGO, "archive", MONGO));
		assertThat(datastores.infer(repository(PersonMongoRepository.class))).isNull();
	}

	@Test
	void inferShouldPreferTheDatastoreOfTheRepositorysClient() {
		Object reportingRepository = repository(PersonMongoRepository.class);
		Datastores datastores = datastores(Map.of("mongo", MONGO, "analyticsMongoClient", MONGO),
				List.of((repository) -> (repository == reportingRepository) ? "analyticsMongoClient" : null));
		assertThat(datastores.infer(reportingRepository)).isEqualTo("analyticsMongoClient");
		assertThat(datastores.infer(repository(PersonMongoRepository.class))).isEqualTo("mongo");
	}

	@Test
	void inferShouldIgnoreAClientDatastoreThatDoesNotExist() {
		Datastores datastores = datastores(Map.of("mongo", MONGO), List.of((repository) -> "gone"));
		assertThat(datastores.infer(repository(PersonMongoRepository.class))).isEqualTo("mongo");
	}

	@Test
	void namesAndGetShouldExposePolicies() {
		Datastores datastores = datastores(Map.of("jdbc", JDBC, "mongo", MONGO));
		assertThat(datastores.names()).containsExactlyInAnyOrder("jdbc", "mongo");
		assertThat(datastores.get("jdbc").name()).isEqualTo("jdbc");
		assertThat(datastores.get("nope")).isNull();
	}

	private static Datastores datastores(Map<String, DatastoreType> types) {
		return datastores(types, List.of());
	}

	private static Datastores datastores(Map<String, DatastoreType> types,
			List<RepositoryDatastores> repositoryDatastores) {
		Map<String, DatastorePolicy> policies = new LinkedHashMap<>();
		SimpleMeterRegistry meters = new SimpleMeterRegistry();
		types.keySet()
			.forEach((name) -> policies.put(name,
					new DatastorePolicy(name, Bulkhead.ofDefaults(name), CircuitBreaker.ofDefaults(name),
							new RetryBudget(0.1, 5), meters.counter("retries", "name", name))));
		return new Datastores(policies, types, repositoryDatastores);
	}

	private static Object repository(Class<?> repositoryInterface) {
		return Proxy.newProxyInstance(DatastoresTests.class.getClassLoader(), new Class<?>[] { repositoryInterface },
				(proxy, method, arguments) -> null);
	}

	static class PlainService {

	}

	static class Person {

		String id;

	}

	interface PersonMongoRepository extends MongoRepository<Person, String> {

	}

	interface PersonKeyValueRepository extends KeyValueRepository<Person, String> {

	}

	interface PersonCrudRepository extends CrudRepository<Person, String> {

	}

}
