package io.github.resilientdb.r2dbc.integration;

import java.sql.SQLException;
import java.time.Duration;

import javax.sql.DataSource;

import io.github.resilience4j.retry.Retry;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.r2dbc.autoconfigure.R2dbcResilientDbAutoConfiguration;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.PrivatePostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.r2dbc.spi.ConnectionFactories;
import io.r2dbc.spi.ConnectionFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration;
import org.springframework.boot.jdbc.DataSourceBuilder;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
import org.springframework.data.r2dbc.core.R2dbcEntityTemplate;
import org.springframework.data.r2dbc.repository.config.EnableR2dbcRepositories;

import static io.github.resilientdb.integration.DatastoreCalls.breaker;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Spring Data R2DBC repositories annotated {@code @ResilientDb} without naming a datastore, on a private PostgreSQL:
 * next to a JDBC {@code DataSource}, a repository runs behind {@code r2dbc}, inferred from its type; with two
 * connection factories, each repository runs behind its own factory's datastore, inferred from the
 * {@code R2dbcEntityTemplate} of its {@code @EnableR2dbcRepositories(entityOperationsRef)}; a single-entity
 * {@code save}, atomic, is retried after a refused connection.
 */
class R2dbcRepositoryDatastoreIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final PrivatePostgres postgres = PrivatePostgres.shared();

	@BeforeEach
	void createTable() throws SQLException {
		dropTable();
		PostgresTables.execute("create table r2dbc_pet (id bigserial primary key, name varchar(60) not null)");
	}

	@AfterEach
	void dropTable() throws SQLException {
		PostgresTables.execute("drop table if exists r2dbc_pet");
	}

	@Test
	void repositoryNextToADataSourceShouldRunBehindTheR2dbcDatastore() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class, DataR2dbcAutoConfiguration.class,
					JdbcResilientDbAutoConfiguration.class, R2dbcResilientDbAutoConfiguration.class,
					ResilientDbAutoConfiguration.class))
			.withUserConfiguration(MeterRegistryConfiguration.class, PrimaryRepositories.class)
			// Spring Boot backs off its DataSource when there is a ConnectionFactory: the application declares one.
			.withBean(DataSource.class,
					() -> DataSourceBuilder.create()
						.url(this.postgres.jdbcUrl())
						.username(this.postgres.user())
						.password(this.postgres.password())
						.build())
			.withPropertyValues(
					"spring.r2dbc.url=" + PostgresTables.r2dbcUrl(this.postgres.port()),
					"spring.r2dbc.username=" + this.postgres.user())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(context.getBean(MethodPolicies.class).datastores().names()).containsExactlyInAnyOrder("jdbc",
						"r2dbc");
				R2dbcPetRepository pets = context.getBean(R2dbcPetRepository.class);
				assertThat(pets.save(new R2dbcPet(null, "Leo")).block(WAIT).id()).isNotNull();
				assertThat(pets.countByName("Leo").block(WAIT)).isOne();
				assertThat(pets.findAll().collectList().block(WAIT)).extracting(R2dbcPet::name).containsExactly("Leo");
				assertThat(successfulCalls(context, "r2dbc")).isEqualTo(3);
				assertThat(successfulCalls(context, "jdbc")).isZero();
			});
	}

	@Test
	void eachRepositoryWhenOnItsOwnConnectionFactoryShouldRunBehindThatDatastore() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(R2dbcResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class))
			.withUserConfiguration(TwoConnectionFactories.class)
			.withPropertyValues(
					"test.r2dbc.url=" + PostgresTables.r2dbcUrl(this.postgres.port()).replace("//", "//postgres@"))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				R2dbcPetRepository pets = context.getBean(R2dbcPetRepository.class);
				ReportingPetRepository reportingPets = context.getBean(ReportingPetRepository.class);
				pets.save(new R2dbcPet(null, "Leo")).block(WAIT);
				assertThat(reportingPets.count().block(WAIT)).isOne();
				assertThat(reportingPets.findAll().collectList().block(WAIT)).hasSize(1);
				assertThat(successfulCalls(context, "r2dbc")).isOne();
				assertThat(successfulCalls(context, "reportingConnectionFactory")).isEqualTo(2);
			});
	}

	@Test
	void repositorySaveWhenConnectionRefusedShouldBeRetriedAsNothingWasSent() {
		try (FaultProxy proxy = FaultProxy.to("127.0.0.1", this.postgres.port())) {
			proxy.refuseNewConnections();
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class,
						DataR2dbcAutoConfiguration.class, R2dbcResilientDbAutoConfiguration.class,
						ResilientDbAutoConfiguration.class))
				.withUserConfiguration(MeterRegistryConfiguration.class, PrimaryRepositories.class)
				.withPropertyValues("spring.r2dbc.url=" + PostgresTables.r2dbcUrl(proxy.port()),
						"spring.r2dbc.username=" + this.postgres.user(), "spring.r2dbc.pool.initial-size=1",
						"resilientdb.datastores.r2dbc.retry.delay=100ms",
						// A refused connection opens the breaker and ends the call's retries by default.
						"resilientdb.datastores.r2dbc.circuit-breaker.open-on-connection-failure=false")
				.run((context) -> {
					Retry retry = context.getBean(ResilientDbRegistries.class).retries().find("r2dbc").orElseThrow();
					retry.getEventPublisher().onRetry((event) -> proxy.pass());
					R2dbcPet saved = context.getBean(R2dbcPetRepository.class)
						.save(new R2dbcPet(null, "Leo"))
						.block(WAIT);
					assertThat(saved.id()).as("a single-entity save is atomic: retried after NOT_SENT").isNotNull();
					assertThat(retry.getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt()).isOne();
					assertThat(PostgresTables.count("r2dbc_pet")).isOne();
				});
		}
	}

	private static int successfulCalls(ApplicationContext context, String datastore) {
		return breaker(context, datastore).getMetrics().getNumberOfSuccessfulCalls();
	}

	@Configuration(proxyBeanMethods = false)
	static class MeterRegistryConfiguration {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

	@Configuration(proxyBeanMethods = false)
	@Import({ MeterRegistryConfiguration.class, PrimaryRepositories.class, ReportingRepositories.class })
	static class TwoConnectionFactories {

		@Bean
		@Primary
		ConnectionFactory mainConnectionFactory(Environment environment) {
			return ConnectionFactories.get(environment.getRequiredProperty("test.r2dbc.url"));
		}

		@Bean
		ConnectionFactory reportingConnectionFactory(Environment environment) {
			return ConnectionFactories.get(environment.getRequiredProperty("test.r2dbc.url"));
		}

		@Bean
		R2dbcEntityTemplate r2dbcEntityTemplate(ConnectionFactory mainConnectionFactory) {
			return new R2dbcEntityTemplate(mainConnectionFactory);
		}

		@Bean
		R2dbcEntityTemplate reportingEntityTemplate(
				@Qualifier("reportingConnectionFactory") ConnectionFactory reportingConnectionFactory) {
			return new R2dbcEntityTemplate(reportingConnectionFactory);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableR2dbcRepositories(basePackageClasses = R2dbcPet.class,
			includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = R2dbcPetRepository.class))
	static class PrimaryRepositories {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableR2dbcRepositories(basePackageClasses = R2dbcPet.class,
			includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = ReportingPetRepository.class),
			entityOperationsRef = "reportingEntityTemplate")
	static class ReportingRepositories {

	}

}
