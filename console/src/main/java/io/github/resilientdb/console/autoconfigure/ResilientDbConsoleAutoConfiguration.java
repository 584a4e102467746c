package io.github.resilientdb.console.autoconfigure;

import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.console.CallPercentilesMeterFilter;
import io.github.resilientdb.console.ConsoleController;
import io.github.resilientdb.console.ConsoleProperties;
import io.github.resilientdb.console.ConsoleStateReader;
import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.health.DatastoreHealthMonitor;
import io.micrometer.core.instrument.MeterRegistry;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication.Type;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.DispatcherServlet;

/**
 * Auto-configuration of the resilient-db console: on in a servlet web application using resilient-db, unless
 * {@code resilientdb.console.enabled=false} (or {@code resilientdb.enabled=false}).
 */
@AutoConfiguration(after = ResilientDbAutoConfiguration.class,
		afterName = { "io.github.resilientdb.health.autoconfigure.ResilientDbHealthAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration" })
@ConditionalOnWebApplication(type = Type.SERVLET)
@ConditionalOnClass(DispatcherServlet.class)
@ConditionalOnBooleanProperty(name = "resilientdb.enabled", matchIfMissing = true)
@ConditionalOnBooleanProperty(name = "resilientdb.console.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ConsoleProperties.class)
public final class ResilientDbConsoleAutoConfiguration {

	@Bean
	static CallPercentilesMeterFilter resilientDbConsoleCallPercentiles() {
		return new CallPercentilesMeterFilter();
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean({ MethodPolicies.class, MeterRegistry.class })
	ConsoleStateReader resilientDbConsoleStateReader(MethodPolicies policies,
			ObjectProvider<DatastoreHealthMonitor> monitor, MeterRegistry registry, ConsoleProperties properties,
			Environment environment) {
		properties.validate();
		String actuatorPath = environment.getProperty("management.endpoints.web.base-path", "/actuator");
		return new ConsoleStateReader(policies, monitor.getIfAvailable(), registry, properties,
				actuatorPath.isEmpty() ? "" : actuatorPath);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(ConsoleStateReader.class)
	ConsoleController resilientDbConsoleController(ConsoleStateReader reader, ConsoleProperties properties) {
		return new ConsoleController(reader, properties);
	}

}
