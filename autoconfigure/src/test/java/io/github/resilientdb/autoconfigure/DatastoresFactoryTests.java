package io.github.resilientdb.autoconfigure;

import java.util.List;
import java.util.Map;

import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.circuitbreaker.CircuitBreakerRegistry;
import io.github.resilience4j.retry.RetryRegistry;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.engine.DatastoreType;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class DatastoresFactoryTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResilientDbAutoConfiguration.class));

	@Test
	void runShouldCreateInstancesNamedAfterEachDatastoreType() {
		this.runner.withUserConfiguration(JdbcAndMongoTypesConfiguration.class).run((context) -> {
			CircuitBreakerRegistry breakers = context.getBean(ResilientDbRegistries.class).circuitBreakers();
			BulkheadRegistry bulkheads = context.getBean(ResilientDbRegistries.class).bulkheads();
			assertThat(breakers.find("jdbc")).isPresent();
			assertThat(breakers.find("mongo")).isPresent();
			assertThat(bulkheads.find("jdbc")).isPresent();
			assertThat(bulkheads.find("mongo")).isPresent();
		});
	}

	@Test
	void runWithNamedDatastoreOfPresentTypeShouldCreateSecondDatastore() {
		this.runner.withUserConfiguration(JdbcAndMongoTypesConfiguration.class)
			.withPropertyValues("resilientdb.datastores.reporting.type=jdbc",
					"resilientdb.datastores.reporting.bulkhead.max-concurrent-calls=2")
			.withBean(ReportingService.class)
			.run((context) -> {
				assertThat(context).hasNotFailed();
				BulkheadRegistry bulkheads = context.getBean(ResilientDbRegistries.class).bulkheads();
				assertThat(bulkheads.find("reporting")).hasValueSatisfying(
						(bulkhead) -> assertThat(bulkhead.getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(2));
				assertThat(bulkheads.find("jdbc")).hasValueSatisfying(
						(bulkhead) -> assertThat(bulkhead.getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(50));
				assertThat(context.getBean(ResilientDbRegistries.class).retries().find("reporting")).isPresent();
				assertThat(context.getBean(ReportingService.class).report()).isEqualTo("report");
			});
	}

	@Test
	void runWithSettingsOfAbsentKnownTypeShouldIgnoreThem() {
		this.runner.withUserConfiguration(JdbcAndMongoTypesConfiguration.class)
			.withPropertyValues("resilientdb.datastores.redis.bulkhead.max-concurrent-calls=2",
					"resilientdb.datastores.cache.type=redis")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				BulkheadRegistry bulkheads = context.getBean(ResilientDbRegistries.class).bulkheads();
				assertThat(bulkheads.find("redis")).isEmpty();
				assertThat(bulkheads.find("cache")).isEmpty();
			});
	}

	@Test
	void runWithSeveralClientsShouldCreateADatastoreForEachClientBeanOfItsOwn() {
		this.runner.withUserConfiguration(JdbcAndMongoTypesConfiguration.class)
			.withBean("jdbcDatastoreClients", DatastoreClients.class,
					() -> new DatastoreClients("jdbc",
							Map.of("primaryDataSource", "jdbc", "reportingDataSource", "reportingDataSource")))
			.withPropertyValues("resilientdb.datastores.reportingDataSource.bulkhead.max-concurrent-calls=3")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				MethodPolicies policies = context.getBean(MethodPolicies.class);
				assertThat(policies.datastores().names()).containsExactlyInAnyOrder("jdbc", "mongo",
						"reportingDataSource");
				assertThat(policies.datastores().type("reportingDataSource").name()).isEqualTo("jdbc");
				BulkheadRegistry bulkheads = context.getBean(ResilientDbRegistries.class).bulkheads();
				assertThat(bulkheads.find("reportingDataSource")).hasValueSatisfying(
						(bulkhead) -> assertThat(bulkhead.getBulkheadConfig().getMaxConcurrentCalls()).isEqualTo(3));
				assertThat(context.getBean(ResilientDbRegistries.class).circuitBreakers().find("reportingDataSource"))
					.isPresent();
			});
	}

	@Test
	void runWithAClientDatastoreConfiguredInLowerCaseShouldConfigureIt() {
		this.runner.withUserConfiguration(JdbcAndMongoTypesConfiguration.class)
			.withBean("jdbcDatastoreClients", DatastoreClients.class,
					() -> new DatastoreClients("jdbc",
							Map.of("primaryDataSource", "jdbc", "reportingDataSource", "reportingDataSource")))
			.withPropertyValues("resilientdb.datastores.reportingdatasource.bulkhead.max-concurrent-calls=4")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(MethodPolicies.class).datastores().names())
					.containsExactlyInAnyOrder("jdbc", "mongo", "reportingDataSource");
				assertThat(context.getBean(ResilientDbRegistries.class).bulkheads().find("reportingDataSource"))
					.hasValueSatisfying((bulkhead) -> assertThat(bulkhead.getBulkheadConfig().getMaxConcurrentCalls())
						.isEqualTo(4));
			});
	}

	@Test
	void runWithAnotherTypeForAClientDatastoreShouldFailNamingTypeProperty() {
		this.runner.withUserConfiguration(JdbcAndMongoTypesConfiguration.class)
			.withBean("jdbcDatastoreClients", DatastoreClients.class,
					() -> new DatastoreClients("jdbc",
							Map.of("primaryDataSource", "jdbc", "reportingDataSource", "reportingDataSource")))
			.withPropertyValues("resilientdb.datastores.reportingDataSource.type=mongo")
			.run((context) -> {
				InvalidResilientDbPropertyException failure = ResilienceConfigsTests
					.propertyFailure(context.getStartupFailure());
				assertThat(failure.getProperty()).isEqualTo("resilientdb.datastores.reportingDataSource.type");
				assertThat(failure.getValue()).isEqualTo("mongo");
				assertThat(failure.getMessage()).contains("jdbc client bean");
			});
	}

	@Test
	void runWithUnknownTypeShouldFailNamingTypeProperty() {
		this.runner.withUserConfiguration(JdbcAndMongoTypesConfiguration.class)
			.withPropertyValues("resilientdb.datastores.analytics.type=cassandra")
			.run((context) -> {
				InvalidResilientDbPropertyException failure = ResilienceConfigsTests
					.propertyFailure(context.getStartupFailure());
				assertThat(failure.getProperty()).isEqualTo("resilientdb.datastores.analytics.type");
				assertThat(failure.getValue()).isEqualTo("cassandra");
				FailureAnalysis analysis = new ResilientDbFailureAnalyzer().analyze(context.getStartupFailure());
				assertThat(analysis.getAction()).contains("'resilientdb.datastores.analytics.type'")
					.contains("[jdbc, mongo, r2dbc, redis]");
			});
	}

	@Test
	void runWithSettingsOfUnknownNameWithoutTypeShouldFailNamingTypeProperty() {
		this.runner.withUserConfiguration(JdbcAndMongoTypesConfiguration.class)
			.withPropertyValues("resilientdb.datastores.jbdc.bulkhead.max-concurrent-calls=2")
			.run((context) -> assertThat(ResilienceConfigsTests.propertyFailure(context.getStartupFailure())
				.getProperty()).isEqualTo("resilientdb.datastores.jbdc.type"));
	}

	@Test
	void runShouldRegisterRetryOfEachPolicyUsedPerDatastore() {
		this.runner.withUserConfiguration(JdbcAndMongoTypesConfiguration.class)
			.withPropertyValues("resilientdb.retry-policies.patient.max-retries=7")
			.withBean(PatientService.class)
			.run((context) -> {
				RetryRegistry retries = context.getBean(ResilientDbRegistries.class).retries();
				assertThat(retries.find("jdbc.patient")).hasValueSatisfying(
						(retry) -> assertThat(retry.getRetryConfig().getMaxAttempts()).isEqualTo(8));
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class JdbcAndMongoTypesConfiguration {

		@Bean
		DatastoreType jdbcDatastoreType() {
			return new DatastoreType("jdbc", (error) -> null, List.of());
		}

		@Bean
		DatastoreType mongoDatastoreType() {
			return new DatastoreType("mongo", (error) -> null, List.of());
		}

	}

	static class ReportingService {

		@ResilientDb(datastore = "reporting")
		public String report() {
			return "report";
		}

	}

	static class PatientService {

		@ResilientDb(datastore = "jdbc", retry = "patient")
		public String find() {
			return "found";
		}

	}

}
