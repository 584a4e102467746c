package io.github.resilientdb.web;

import io.github.resilientdb.web.autoconfigure.ResilientDbWebMvcAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.servlet.DispatcherServlet;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conditions of {@link ResilientDbWebMvcAutoConfiguration}.
 */
class ResilientDbWebMvcAutoConfigurationTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResilientDbWebMvcAutoConfiguration.class));

	@Test
	void runInServletApplicationShouldCreateHandler() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(DatabaseUnavailableExceptionHandler.class));
	}

	@Test
	void runOutsideWebApplicationShouldNotCreateHandler() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(ResilientDbWebMvcAutoConfiguration.class))
			.run((context) -> assertThat(context).doesNotHaveBean(DatabaseUnavailableExceptionHandler.class));
	}

	@Test
	void runWhenDisabledShouldNotCreateHandler() {
		this.runner.withPropertyValues("resilientdb.web.exception-handler.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(DatabaseUnavailableExceptionHandler.class));
	}

	@Test
	void runWithoutSpringMvcShouldNotCreateHandler() {
		this.runner.withClassLoader(new FilteredClassLoader(DispatcherServlet.class))
			.run((context) -> assertThat(context).doesNotHaveBean(DatabaseUnavailableExceptionHandler.class));
	}

	@Test
	void runWithUserHandlerShouldBackOff() {
		this.runner.withBean("userHandler", DatabaseUnavailableExceptionHandler.class,
				DatabaseUnavailableExceptionHandler::new)
			.run((context) -> assertThat(context).hasSingleBean(DatabaseUnavailableExceptionHandler.class)
				.hasBean("userHandler"));
	}

}
