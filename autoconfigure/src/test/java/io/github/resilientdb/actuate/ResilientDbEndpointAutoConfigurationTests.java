package io.github.resilientdb.actuate;

import java.util.List;

import io.github.resilientdb.actuate.autoconfigure.ResilientDbEndpointAutoConfiguration;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.autoconfigure.ResilientDbProperties;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.jdbc.autoconfigure.JdbcPoolAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.jdbc.pool.JdbcDatastorePool;
import io.github.resilientdb.jdbc.pool.JdbcPoolControl;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import io.github.resilientdb.mongo.pool.MongoDatastorePool;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The conditions of {@link ResilientDbEndpointAutoConfiguration}.
 */
class ResilientDbEndpointAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResilientDbAutoConfiguration.class,
				ResilientDbEndpointAutoConfiguration.class))
		.withBean("jdbcDatastoreType", DatastoreType.class, () -> new DatastoreType("jdbc", (ex) -> null, List.of()));

	@Test
	void runWhenNotExposedShouldNotCreateEndpoint() {
		this.runner.run((context) -> assertThat(context).doesNotHaveBean(ResilientDbEndpoint.class));
	}

	@Test
	void runWhenExposedOverWebShouldCreateEndpointAndWebExtension() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=resilientdb")
			.run((context) -> assertThat(context).hasSingleBean(ResilientDbEndpoint.class)
				.hasSingleBean(ResilientDbEndpointWebExtension.class)
				.doesNotHaveBean(DatastorePool.class));
	}

	@Test
	void runWhenExposedOverJmxOnlyShouldCreateEndpointWithoutWebExtension() {
		this.runner
			.withPropertyValues("spring.jmx.enabled=true", "management.endpoints.jmx.exposure.include=resilientdb")
			.run((context) -> assertThat(context).hasSingleBean(ResilientDbEndpoint.class)
				.doesNotHaveBean(ResilientDbEndpointWebExtension.class));
	}

	@Test
	void runWhenAccessIsNoneShouldNotCreateEndpoint() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=resilientdb",
					"management.endpoint.resilientdb.access=NONE")
			.run((context) -> assertThat(context).doesNotHaveBean(ResilientDbEndpoint.class));
	}

	@Test
	void runWhenResilientDbIsDisabledShouldNotCreateEndpoint() {
		this.runner
			.withPropertyValues("management.endpoints.web.exposure.include=resilientdb", "resilientdb.enabled=false")
			.run((context) -> assertThat(context).doesNotHaveBean(ResilientDbEndpoint.class));
	}

	@Test
	void runWithoutActuatorShouldNotCreateEndpoint() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=resilientdb")
			.withClassLoader(new FilteredClassLoader(Endpoint.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(ResilientDbEndpoint.class));
	}

	@Test
	void runWithUserEndpointShouldBackOff() {
		this.runner.withPropertyValues("management.endpoints.web.exposure.include=resilientdb")
			.withUserConfiguration(UserEndpointConfiguration.class)
			.run((context) -> assertThat(context).hasSingleBean(ResilientDbEndpoint.class)
				.hasBean("userEndpoint"));
	}

	@Test
	void runWithHikariPoolShouldReadIt() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					JdbcResilientDbAutoConfiguration.class, JdbcPoolAutoConfiguration.class,
					ResilientDbAutoConfiguration.class, ResilientDbEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=resilientdb",
					"spring.datasource.url=jdbc:postgresql://127.0.0.1:1/none")
			.run((context) -> {
				assertThat(context).hasSingleBean(JdbcPoolControl.class).hasSingleBean(JdbcDatastorePool.class);
				assertThat(context.getBean(ResilientDbEndpoint.class).datastore("jdbc").pool())
					.hasFieldOrPropertyWithValue("active", 0);
			});
	}

	@Test
	void runWithMongoClientShouldReadItsPools() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class,
					MongoResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class,
					ResilientDbEndpointAutoConfiguration.class))
			.withPropertyValues("management.endpoints.web.exposure.include=resilientdb",
					"spring.mongodb.uri=mongodb://127.0.0.1:1/none")
			.run((context) -> {
				assertThat(context).hasSingleBean(MongoDatastorePool.class);
				assertThat(context.getBean(ResilientDbEndpoint.class).datastore("mongo").pool()).isNotNull();
			});
	}

	@Configuration(proxyBeanMethods = false)
	static class UserEndpointConfiguration {

		@Bean
		ResilientDbEndpoint userEndpoint(MethodPolicies policies) {
			return new ResilientDbEndpoint(policies, new ResilientDbProperties(), List.of(), () -> null,
					new ChangeAudit(null), new WriteAccess(WriteAccess.Writes.NONE, WriteAccess.DEFAULT_ROLE, false));
		}

	}

}
