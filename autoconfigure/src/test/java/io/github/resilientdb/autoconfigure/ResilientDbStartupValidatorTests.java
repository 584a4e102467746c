package io.github.resilientdb.autoconfigure;

import java.util.List;

import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.engine.InvalidResilientDbMethodException;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.FactoryBean;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

class ResilientDbStartupValidatorTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResilientDbAutoConfiguration.class))
		.withUserConfiguration(TestStoreConfiguration.class);

	@Test
	void runWithValidAnnotationsShouldStart() {
		this.runner.withBean(ValidService.class).run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void runWithUnknownDatastoreShouldFailNamingMethod() {
		this.runner.withBean(UnknownDatastoreService.class).run((context) -> {
			InvalidResilientDbMethodException failure = methodFailure(context.getStartupFailure());
			assertThat(failure.getMethod()).isEqualTo("UnknownDatastoreService.find");
			assertThat(failure.getMessage())
				.isEqualTo("@ResilientDb on UnknownDatastoreService.find cannot be applied: "
						+ "its datastore 'nope' does not exist; datastores present: [test]");
			assertThat(failure.getAction()).contains("resilientdb.datastores.nope.type");
		});
	}

	@Test
	void runWithUnknownRetryPolicyShouldFailNamingMethod() {
		this.runner.withBean(UnknownRetryPolicyService.class).run((context) -> {
			InvalidResilientDbMethodException failure = methodFailure(context.getStartupFailure());
			assertThat(failure.getMethod()).isEqualTo("UnknownRetryPolicyService.find");
			assertThat(failure.getMessage()).contains("Unknown retry policy 'sometimes'")
				.contains("[aggressive, fast, none, standard]");
			assertThat(failure.getAction()).contains("resilientdb.retry-policies.sometimes");
		});
	}

	@Test
	void runWithInvalidDeadlineShouldFailNamingMethod() {
		this.runner.withBean(InvalidDeadlineService.class).run((context) -> {
			InvalidResilientDbMethodException failure = methodFailure(context.getStartupFailure());
			assertThat(failure.getMethod()).isEqualTo("InvalidDeadlineService.find");
			assertThat(failure.getMessage()).contains("its deadline 'soon' is not a positive duration");
			assertThat(failure.getAction()).contains("@ResilientDb(deadline = \"3s\")");
		});
	}

	@Test
	void runWithNonPositiveDatastoreDeadlineShouldFailNamingProperty() {
		this.runner.withBean(ValidService.class)
			.withPropertyValues("resilientdb.datastores.test.deadline=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("resilientdb.datastores.test.deadline"));
	}

	@Test
	void runWithConfiguredRetryPolicyShouldStart() {
		this.runner.withBean(UnknownRetryPolicyService.class)
			.withPropertyValues("resilientdb.retry-policies.sometimes.max-retries=1")
			.run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void runWithFallbackOfWrongParametersShouldFailNamingMethod() {
		this.runner.withBean(WrongFallbackService.class).run((context) -> {
			InvalidResilientDbMethodException failure = methodFailure(context.getStartupFailure());
			assertThat(failure.getMethod()).isEqualTo("WrongFallbackService.find");
			assertThat(failure.getMessage())
				.contains("No fallback method cached(String[, Throwable]) returning String");
			assertThat(failure.getAction()).contains("fallbackMethod");
		});
	}

	@Test
	void runWithMissingFallbackShouldFailNamingMethod() {
		this.runner.withBean(MissingFallbackService.class).run((context) -> {
			InvalidResilientDbMethodException failure = methodFailure(context.getStartupFailure());
			assertThat(failure.getMethod()).isEqualTo("MissingFallbackService.find");
			assertThat(failure.getMessage()).contains("No fallback method missing(String[, Throwable])");
		});
	}

	@Test
	void runWithTwoDatastoresAndNoDatastoreNamedShouldFailAsAmbiguous() {
		this.runner.withUserConfiguration(OtherStoreConfiguration.class)
			.withBean(UnnamedDatastoreService.class)
			.run((context) -> {
				InvalidResilientDbMethodException failure = methodFailure(context.getStartupFailure());
				assertThat(failure.getMethod()).isEqualTo("UnnamedDatastoreService.find");
				assertThat(failure.getMessage()).contains("cannot be inferred; datastores present: [other, test]");
				assertThat(failure.getAction()).contains("@ResilientDb(datastore = \"...\")");
			});
	}

	@Test
	void runWithOneDatastoreAndNoDatastoreNamedShouldInferIt() {
		this.runner.withBean(UnnamedDatastoreService.class).run((context) -> assertThat(context).hasNotFailed());
	}

	@Test
	void runWithoutDatastoresAndAnnotatedBeanShouldFail() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ResilientDbAutoConfiguration.class))
			.withBean(UnnamedDatastoreService.class)
			.run((context) -> assertThat(methodFailure(context.getStartupFailure()).getMessage())
				.contains("datastores present: []"));
	}

	@Test
	void runWithAnnotatedTypeShouldValidateEveryPublicMethod() {
		this.runner.withBean(AnnotatedTypeService.class).run((context) -> {
			InvalidResilientDbMethodException failure = methodFailure(context.getStartupFailure());
			assertThat(failure.getMethod()).startsWith("AnnotatedTypeService.");
			assertThat(failure.getMessage()).contains("'nope' does not exist");
		});
	}

	@Test
	void runWithTypeLevelFallbackShouldNotValidatePrivateHelpers() {
		this.runner.withBean(TypeLevelFallbackService.class).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(context.getBean(TypeLevelFallbackService.class).find("abc")).isEqualTo("length 3");
		});
	}

	@Test
	void runWithAnnotatedInterfaceShouldValidateImplementation() {
		this.runner.withBean(Finder.class, InterfaceFinder::new).run((context) -> {
			InvalidResilientDbMethodException failure = methodFailure(context.getStartupFailure());
			assertThat(failure.getMethod()).isEqualTo("InterfaceFinder.find");
		});
	}

	@Test
	void runWithInvalidAnnotationOnFactoryBeanProductShouldFail() {
		this.runner.withUserConfiguration(FactoryBeanConfiguration.class).run((context) -> {
			InvalidResilientDbMethodException failure = methodFailure(context.getStartupFailure());
			assertThat(failure.getMethod()).isEqualTo("UnknownDatastoreService.find");
		});
	}

	private static InvalidResilientDbMethodException methodFailure(Throwable startupFailure) {
		assertThat(startupFailure).isNotNull();
		Throwable cause = startupFailure;
		while (cause != null && !(cause instanceof InvalidResilientDbMethodException)) {
			cause = cause.getCause();
		}
		assertThat(cause).as("InvalidResilientDbMethodException in %s", startupFailure).isNotNull();
		return (InvalidResilientDbMethodException) cause;
	}

	@Configuration(proxyBeanMethods = false)
	static class TestStoreConfiguration {

		@Bean
		DatastoreType testDatastoreType() {
			return new DatastoreType("test", (error) -> null, List.of());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OtherStoreConfiguration {

		@Bean
		DatastoreType otherDatastoreType() {
			return new DatastoreType("other", (error) -> null, List.of());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class FactoryBeanConfiguration {

		@Bean
		FactoryBean<UnknownDatastoreService> unknownDatastoreServiceFactory() {
			return new FactoryBean<>() {

				@Override
				public UnknownDatastoreService getObject() {
					return new UnknownDatastoreService();
				}

				@Override
				public Class<?> getObjectType() {
					return UnknownDatastoreService.class;
				}

			};
		}

	}

	static class ValidService {

		@ResilientDb(datastore = "test", retry = "fast", fallbackMethod = "cached")
		public String find(String id) {
			return id;
		}

		String cached(String id, Throwable failure) {
			return "cached";
		}

	}

	static class UnknownDatastoreService {

		@ResilientDb(datastore = "nope")
		public String find(String id) {
			return id;
		}

	}

	static class UnknownRetryPolicyService {

		@ResilientDb(retry = "sometimes")
		public String find(String id) {
			return id;
		}

	}

	static class InvalidDeadlineService {

		@ResilientDb(deadline = "soon")
		public String find(String id) {
			return id;
		}

	}

	static class WrongFallbackService {

		@ResilientDb(fallbackMethod = "cached")
		public String find(String id) {
			return id;
		}

		String cached(Long id) {
			return "cached";
		}

	}

	static class MissingFallbackService {

		@ResilientDb(fallbackMethod = "missing")
		public String find(String id) {
			return id;
		}

	}

	static class UnnamedDatastoreService {

		@ResilientDb
		public String find(String id) {
			return id;
		}

	}

	@ResilientDb(datastore = "nope")
	static class AnnotatedTypeService {

		public String find(String id) {
			return id;
		}

	}

	@ResilientDb(datastore = "test", fallbackMethod = "cached")
	static class TypeLevelFallbackService {

		public String find(String id) {
			return describe(id.length());
		}

		public String cached(String id, Throwable failure) {
			return "cached";
		}

		private String describe(int length) {
			return "length " + length;
		}

	}

	interface Finder {

		@ResilientDb(datastore = "nope")
		String find(String id);

	}

	static class InterfaceFinder implements Finder {

		@Override
		public String find(String id) {
			return id;
		}

	}

}
