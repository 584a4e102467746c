package io.github.resilientdb.autoconfigure;

import java.util.List;

import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.engine.InvalidResilientDbMethodException;
import org.apache.commons.logging.LogFactory;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.BeanCreationException;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.diagnostics.FailureAnalyzer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.io.support.SpringFactoriesLoader;
import org.springframework.core.io.support.SpringFactoriesLoader.FailureHandler;

import static org.assertj.core.api.Assertions.assertThat;

class ResilientDbFailureAnalyzerTests {

	private final ResilientDbFailureAnalyzer analyzer = new ResilientDbFailureAnalyzer();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResilientDbAutoConfiguration.class))
		.withUserConfiguration(TestStoreConfiguration.class);

	@Test
	void analyzeInvalidPropertyShouldDescribeValueAndNameProperty() {
		InvalidResilientDbPropertyException failure = new InvalidResilientDbPropertyException(
				"resilientdb.datastores.jdbc.bulkhead.max-concurrent-calls", 0, "a whole number of at least 1");
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription()).isEqualTo(
				"Invalid value '0' for property 'resilientdb.datastores.jdbc.bulkhead.max-concurrent-calls': "
						+ "a whole number of at least 1");
		assertThat(analysis.getAction()).isEqualTo("Update your application's configuration: set "
				+ "'resilientdb.datastores.jdbc.bulkhead.max-concurrent-calls' to a whole number of at least 1.");
		assertThat(analysis.getCause()).isSameAs(failure);
	}

	@Test
	void analyzeInvalidMethodShouldDescribeMethodAndSuggestAction() {
		InvalidResilientDbMethodException failure = new InvalidResilientDbMethodException("Orders.find",
				"its datastore 'nope' does not exist", "Name an existing datastore.");
		FailureAnalysis analysis = this.analyzer.analyze(failure);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getDescription())
			.isEqualTo("@ResilientDb on Orders.find cannot be applied: its datastore 'nope' does not exist");
		assertThat(analysis.getAction()).isEqualTo("Name an existing datastore.");
		assertThat(analysis.getCause()).isSameAs(failure);
	}

	@Test
	void analyzeShouldFindFailureInCauseChain() {
		InvalidResilientDbPropertyException failure = new InvalidResilientDbPropertyException(
				"resilientdb.datastores.jdbc.retry.jitter", 1.0, "a number from 0 (inclusive) to 1 (exclusive)");
		BeanCreationException wrapped = new BeanCreationException("resilientDbMethodPolicies",
				"Failed to instantiate", new IllegalStateException("factory method failed", failure));
		FailureAnalysis analysis = this.analyzer.analyze(wrapped);
		assertThat(analysis).isNotNull();
		assertThat(analysis.getCause()).isSameAs(failure);
		assertThat(analysis.getAction()).contains("'resilientdb.datastores.jdbc.retry.jitter'");
	}

	@Test
	void analyzeUnrelatedFailureShouldReturnNull() {
		assertThat(this.analyzer.analyze(new IllegalStateException("unrelated", new RuntimeException()))).isNull();
		assertThat(this.analyzer.analyze(new BeanCreationException("other"))).isNull();
	}

	@Test
	void analyzeStartupFailureOfUnknownDatastoreShouldNameMethodAndProperty() {
		this.runner.withBean(UnknownDatastoreService.class).run((context) -> {
			FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("UnknownDatastoreService.find")
				.contains("'nope' does not exist")
				.contains("[test]");
			assertThat(analysis.getAction())
				.isEqualTo("Use one of the datastores present, or configure resilientdb.datastores.nope.type.");
		});
	}

	@Test
	void analyzeStartupFailureOfInvalidFallbackShouldNameMethod() {
		this.runner.withBean(WrongFallbackService.class).run((context) -> {
			FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
			assertThat(analysis).isNotNull();
			assertThat(analysis.getDescription()).contains("WrongFallbackService.find").contains("cached(String");
			assertThat(analysis.getAction()).isNotBlank();
		});
	}

	@Test
	void analyzeStartupFailureOfInvalidPropertyShouldNameProperty() {
		this.runner.withPropertyValues("resilientdb.datastores.test.circuit-breaker.failure-rate-threshold=101")
			.run((context) -> {
				FailureAnalysis analysis = this.analyzer.analyze(context.getStartupFailure());
				assertThat(analysis).isNotNull();
				assertThat(analysis.getDescription()).contains("'101.0'");
				assertThat(analysis.getAction()).isEqualTo("Update your application's configuration: set "
						+ "'resilientdb.datastores.test.circuit-breaker.failure-rate-threshold' to "
						+ "a percentage above 0 and at most 100.");
			});
	}

	@Test
	void analyzerShouldBeRegisteredInSpringFactories() {
		List<FailureAnalyzer> analyzers = SpringFactoriesLoader.forDefaultResourceLocation(getClass().getClassLoader())
			.load(FailureAnalyzer.class, FailureHandler.logging(LogFactory.getLog(getClass())));
		assertThat(analyzers).hasAtLeastOneElementOfType(ResilientDbFailureAnalyzer.class);
	}

	@Configuration(proxyBeanMethods = false)
	static class TestStoreConfiguration {

		@Bean
		DatastoreType testDatastoreType() {
			return new DatastoreType("test", (error) -> null, List.of());
		}

	}

	static class UnknownDatastoreService {

		@ResilientDb(datastore = "nope")
		public String find(String id) {
			return id;
		}

	}

	static class WrongFallbackService {

		@ResilientDb(fallbackMethod = "cached")
		public String find(String id) {
			return id;
		}

		Integer cached(String id) {
			return 0;
		}

	}

}
