package io.github.resilientdb.jdbc.integration;

import java.util.List;

import javax.sql.DataSource;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.DatabaseUnavailableException;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.test.server.PrivateMariaDb;
import io.github.resilientdb.test.server.PrivatePostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.data.jdbc.core.convert.DataAccessStrategy;
import org.springframework.data.jdbc.core.convert.DelegatingDataAccessStrategy;
import org.springframework.data.jdbc.core.convert.JdbcConverter;
import org.springframework.data.jdbc.core.convert.JdbcCustomConversions;
import org.springframework.data.jdbc.core.convert.QueryMappingConfiguration;
import org.springframework.data.jdbc.core.dialect.DialectResolver;
import org.springframework.data.jdbc.core.dialect.JdbcDialect;
import org.springframework.data.jdbc.core.mapping.JdbcMappingContext;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;
import org.springframework.data.jdbc.repository.config.JdbcConfiguration;
import org.springframework.data.relational.RelationalManagedTypes;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;

import static io.github.resilientdb.integration.DatastoreCalls.breaker;
import static io.github.resilientdb.integration.DatastoreCalls.calls;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Two Spring Data JDBC repositories, one on each of two data sources (the primary on a private PostgreSQL server,
 * {@code reportingDataSource} on a private MariaDB server), each given its own {@code JdbcAggregateTemplate} through
 * {@code @EnableJdbcRepositories(jdbcAggregateOperationsRef)}: each runs behind its own data source's datastore
 * without naming it, inferred from its template, not from its type (which would give {@code jdbc} to both).
 */
class DataJdbcRepositoryDatastoreIntegrationTests {

	private final PlainConnection postgres = PlainConnection.open(PrivatePostgres.shared().jdbcUrl(), PrivatePostgres.shared().user(),
			PrivatePostgres.shared().password());

	private final PlainConnection mariaDb = PlainConnection.open(PrivateMariaDb.shared().jdbcUrl(), PrivateMariaDb.shared().user(),
			PrivateMariaDb.shared().password());

	@BeforeEach
	void createTables() {
		drop();
		this.postgres.jdbc()
			.execute("create table data_jdbc_pet (id bigserial primary key, name varchar(60) not null)");
		this.mariaDb.jdbc()
			.execute("create table data_jdbc_pet (id bigint auto_increment primary key, name varchar(60) not null)"
					+ " engine = InnoDB");
		this.mariaDb.jdbc().update("insert into data_jdbc_pet (name) values ('Basil'), ('Milo')");
	}

	@AfterEach
	void dropTablesAndClose() {
		drop();
		this.postgres.close();
		this.mariaDb.close();
	}

	private void drop() {
		this.postgres.jdbc().execute("drop table if exists data_jdbc_pet");
		this.mariaDb.jdbc().execute("drop table if exists data_jdbc_pet");
	}

	@Test
	void eachRepositoryWhenOnItsOwnDataSourceShouldRunBehindThatDatastore() {
		runner().run((context) -> {
			assertThat(context).hasNotFailed();
			PostgresPetRepository postgresPets = context.getBean(PostgresPetRepository.class);
			MariaDbPetRepository mariaDbPets = context.getBean(MariaDbPetRepository.class);
			postgresPets.save(new DataJdbcPet(null, "Leo"));
			assertThat(postgresPets.count()).isEqualTo(1);
			assertThat(mariaDbPets.countByName("Basil")).isEqualTo(1);
			assertThat(mariaDbPets.count()).isEqualTo(2);
			assertThat(mariaDbPets.findAll()).extracting(DataJdbcPet::name).containsExactlyInAnyOrder("Basil", "Milo");
			assertThat(successfulCalls(context, "jdbc")).isEqualTo(2);
			assertThat(successfulCalls(context, "reportingDataSource")).isEqualTo(3);
			assertThat(calls(context, "jdbc")).isEqualTo(2);
			assertThat(calls(context, "reportingDataSource")).isEqualTo(3);
		});
	}

	@Test
	void oneDatastoresBreakerWhenForcedOpenShouldRejectOnlyItsRepository() {
		runner().run((context) -> {
			PostgresPetRepository postgresPets = context.getBean(PostgresPetRepository.class);
			MariaDbPetRepository mariaDbPets = context.getBean(MariaDbPetRepository.class);

			breaker(context, "reportingDataSource").transitionToForcedOpenState();
			assertThatExceptionOfType(DatabaseUnavailableException.class).isThrownBy(mariaDbPets::count);
			assertThat(postgresPets.count()).isZero();
			assertThat(breaker(context, "jdbc").getState()).isEqualTo(CircuitBreaker.State.CLOSED);

			breaker(context, "reportingDataSource").transitionToClosedState();
			breaker(context, "jdbc").transitionToForcedOpenState();
			assertThatExceptionOfType(DatabaseUnavailableException.class).isThrownBy(postgresPets::count);
			assertThat(mariaDbPets.count()).isEqualTo(2);
			assertThat(breaker(context, "jdbc").getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(1);
			assertThat(breaker(context, "reportingDataSource").getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(1);
		});
	}

	private ApplicationContextRunner runner() {
		PrivateMariaDb mariaDb = PrivateMariaDb.shared();
		return new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(JdbcResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class))
			.withUserConfiguration(DataJdbcTemplates.class)
			.withPropertyValues(TestDataSources.properties(mariaDb.jdbcUrl(), mariaDb.user(), mariaDb.password()));
	}

	private static int successfulCalls(ApplicationContext context, String datastore) {
		return breaker(context, datastore).getMetrics().getNumberOfSuccessfulCalls();
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ TestDataSources.class, TestTransactionManagers.class, PostgresRepositories.class,
			MariaDbRepositories.class })
	static class DataJdbcTemplates {

		@Bean
		JdbcAggregateTemplate primaryJdbcAggregateTemplate(ApplicationContext context,
				DataSource primaryDataSource) {
			return aggregateTemplate(context, primaryDataSource);
		}

		@Bean
		JdbcAggregateTemplate reportingJdbcAggregateTemplate(ApplicationContext context,
				@Qualifier("reportingDataSource") DataSource reportingDataSource) {
			return aggregateTemplate(context, reportingDataSource);
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		/**
		 * What Spring Data JDBC's {@code AbstractJdbcConfiguration} builds for its one data source, for one of two.
		 */
		private static JdbcAggregateTemplate aggregateTemplate(ApplicationContext context, DataSource dataSource) {
			NamedParameterJdbcTemplate operations = new NamedParameterJdbcTemplate(dataSource);
			JdbcDialect dialect = DialectResolver.getDialect(operations.getJdbcOperations());
			JdbcCustomConversions conversions = JdbcConfiguration.createCustomConversions(dialect, List.of());
			JdbcMappingContext mappingContext = JdbcConfiguration
				.createMappingContext(RelationalManagedTypes.from(DataJdbcPet.class), conversions, null);
			DelegatingDataAccessStrategy relations = new DelegatingDataAccessStrategy();
			JdbcConverter converter = JdbcConfiguration.createConverter(mappingContext, operations, relations,
					conversions, dialect);
			DataAccessStrategy strategy = JdbcConfiguration.createDataAccessStrategy(operations, converter,
					QueryMappingConfiguration.EMPTY, dialect);
			relations.setDelegate(strategy);
			return new JdbcAggregateTemplate(context, mappingContext, converter, strategy);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EnableJdbcRepositories(basePackageClasses = DataJdbcPet.class,
			includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = PostgresPetRepository.class),
			jdbcAggregateOperationsRef = "primaryJdbcAggregateTemplate",
			transactionManagerRef = "primaryTransactionManager")
	static class PostgresRepositories {

	}

	@Configuration(proxyBeanMethods = false)
	@EnableJdbcRepositories(basePackageClasses = DataJdbcPet.class,
			includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = MariaDbPetRepository.class),
			jdbcAggregateOperationsRef = "reportingJdbcAggregateTemplate",
			transactionManagerRef = "reportingTransactionManager")
	static class MariaDbRepositories {

	}

}
