package io.github.resilientdb.console.autoconfigure;

import java.util.List;

import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.console.CallPercentilesMeterFilter;
import io.github.resilientdb.console.ConsoleController;
import io.github.resilientdb.console.ConsoleStateReader;
import io.github.resilientdb.engine.DatastoreType;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.DispatcherServlet;

import static org.assertj.core.api.Assertions.assertThat;

class ResilientDbConsoleAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResilientDbAutoConfiguration.class,
				ResilientDbConsoleAutoConfiguration.class))
		.withUserConfiguration(StoreConfiguration.class);

	@Test
	void runInWebApplicationShouldCreateConsole() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(ConsoleController.class)
			.hasSingleBean(ConsoleStateReader.class)
			.hasSingleBean(CallPercentilesMeterFilter.class));
	}

	@Test
	void runWhenDisabledShouldNotCreateConsole() {
		this.runner.withPropertyValues("resilientdb.console.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ConsoleController.class)
				.doesNotHaveBean(ConsoleStateReader.class));
	}

	@Test
	void runWhenResilientDbDisabledShouldNotCreateConsole() {
		this.runner.withPropertyValues("resilientdb.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ConsoleController.class));
	}

	@Test
	void runWithoutSpringMvcShouldNotCreateConsole() {
		this.runner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
			.run((context) -> assertThat(context).doesNotHaveBean(ConsoleController.class));
	}

	@Test
	void runInNonWebApplicationShouldNotCreateConsole() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(ResilientDbAutoConfiguration.class,
					ResilientDbConsoleAutoConfiguration.class))
			.withUserConfiguration(StoreConfiguration.class)
			.run((context) -> assertThat(context).doesNotHaveBean(ConsoleController.class));
	}

	@Test
	void runWithInvalidPathShouldFailNamingTheProperty() {
		this.runner.withPropertyValues("resilientdb.console.path=resilientdb/")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("resilientdb.console.path")
				.hasMessageContaining("resilientdb/"));
	}

	@Test
	void runWithTooSlowRefreshShouldFailNamingTheProperty() {
		this.runner.withPropertyValues("resilientdb.console.refresh-interval=5s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("resilientdb.console.refresh-interval"));
	}

	@Test
	void actuatorPathFollowsTheManagementBasePath() {
		this.runner.withPropertyValues("management.endpoints.web.base-path=/manage")
			.run((context) -> assertThat(context.getBean(ConsoleStateReader.class).read().actuatorPath())
				.isEqualTo("/manage"));
	}

	@Test
	void actuatorPathSetForTheConsoleWins() {
		this.runner
			.withPropertyValues("management.endpoints.web.base-path=/manage", "resilientdb.console.actuator-path=/ops")
			.run((context) -> assertThat(context.getBean(ConsoleStateReader.class).read().actuatorPath())
				.isEqualTo("/ops"));
	}

	@Test
	void runWithUserReaderShouldBackOff() {
		this.runner.withUserConfiguration(UserControllerConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(ConsoleController.class)
				.hasBean("userConsoleController"));
	}

	@Configuration(proxyBeanMethods = false)
	static class StoreConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		DatastoreType testDatastoreType() {
			return new DatastoreType("test", (error) -> null, List.of());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserControllerConfiguration {

		@Bean
		ConsoleController userConsoleController(ConsoleStateReader reader) {
			return new ConsoleController(reader, new io.github.resilientdb.console.ConsoleProperties());
		}

	}

}
