package io.github.resilientdb.r2dbc.autoconfigure;

import java.util.List;

import io.github.resilientdb.autoconfigure.DatastoreClients;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.engine.RepositoryDatastores;
import io.github.resilientdb.r2dbc.R2dbcErrorClassifier;
import io.github.resilientdb.r2dbc.pool.R2dbcDatastorePool;
import io.github.resilientdb.r2dbc.pool.R2dbcPoolStats;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.data.r2dbc.repository.R2dbcRepository;

import static org.assertj.core.api.Assertions.assertThat;

class R2dbcResilientDbAutoConfigurationTests {

	// Spring Boot's pooled connection factory to a port nothing listens on: nothing here connects.
	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class, R2dbcResilientDbAutoConfiguration.class,
				ResilientDbAutoConfiguration.class))
		.withPropertyValues("spring.r2dbc.url=r2dbc:postgresql://127.0.0.1:1/test",
				"spring.r2dbc.username=postgres", "spring.r2dbc.pool.initial-size=1", "spring.r2dbc.pool.max-size=7");

	@Test
	void runWithConnectionFactoryShouldContributeTheR2dbcDatastore() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed().hasBean("r2dbcRepositoryDatastores");
			DatastoreType type = context.getBean("r2dbcDatastoreType", DatastoreType.class);
			assertThat(type.name()).isEqualTo("r2dbc");
			assertThat(type.classifier()).isInstanceOf(R2dbcErrorClassifier.class);
			assertThat(type.sendTracker()).isNull();
			assertThat(type.owns(R2dbcRepository.class)).isTrue();
			assertThat(context.getBean("r2dbcDatastoreClients", DatastoreClients.class).type()).isEqualTo("r2dbc");
			assertThat(context.getBean(MethodPolicies.class).datastores().names()).containsExactly("r2dbc");
			assertThat(context.getBean(RepositoryDatastores.class)).isNotNull();
		});
	}

	@Test
	void runWithBootsPooledConnectionFactoryShouldShowThePool() {
		this.runner.run((context) -> {
			R2dbcDatastorePool pool = context.getBean(R2dbcDatastorePool.class);
			assertThat(pool.datastore()).isEqualTo("r2dbc");
			assertThat(pool.stats()).isEqualTo(new R2dbcPoolStats(0, 0, 0, 0, 7, Integer.MAX_VALUE));
		});
	}

	@Test
	void runWithoutConnectionFactoryShouldContributeNothing() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(R2dbcResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.doesNotHaveBean("r2dbcDatastoreType")
				.doesNotHaveBean(R2dbcDatastorePool.class));
	}

	@Test
	void runWithoutR2dbcShouldContributeNothing() {
		this.runner.withClassLoader(new FilteredClassLoader(ConnectionFactory.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("r2dbcDatastoreType"));
	}

	@Test
	void runWithUnpooledConnectionFactoryShouldShowNoPool() {
		this.runner.withPropertyValues("spring.r2dbc.pool.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean("r2dbcDatastoreType")
				.doesNotHaveBean(R2dbcDatastorePool.class));
	}

	@Test
	void runWhenDisabledShouldContributeNothing() {
		this.runner.withPropertyValues("resilientdb.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean("r2dbcDatastoreType"));
	}

	@Test
	void runWithUserDatastoreTypeShouldKeepIt() {
		DatastoreType own = new DatastoreType("r2dbc", (error) -> null, List.of());
		this.runner.withBean("r2dbcDatastoreType", DatastoreType.class, () -> own)
			.run((context) -> assertThat(context.getBean("r2dbcDatastoreType")).isSameAs(own));
	}

}
