package io.github.resilientdb.jdbc.integration;

import javax.sql.DataSource;

import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.integration.DatastoreCalls;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.test.server.PrivateMariaDb;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.persistence.EntityManagerFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.context.annotation.FilterType;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.orm.jpa.JpaTransactionManager;
import org.springframework.orm.jpa.LocalContainerEntityManagerFactoryBean;
import org.springframework.orm.jpa.vendor.HibernateJpaVendorAdapter;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A Spring Data JPA repository whose {@code EntityManagerFactory} is on the second of two data sources (the primary
 * on a private PostgreSQL server, {@code reportingDataSource} on a private MariaDB server) runs behind the
 * {@code reportingDataSource} datastore without naming it: its datastore is inferred from the data source of its
 * {@code EntityManagerFactory}, not from its type (which would give {@code jdbc}, the primary's).
 */
class JpaRepositoryDatastoreIntegrationTests {

	private final PrivateMariaDb mariaDb = PrivateMariaDb.shared();

	private final PlainConnection admin = PlainConnection.open(this.mariaDb.jdbcUrl(), this.mariaDb.user(),
			this.mariaDb.password());

	@BeforeEach
	void createTable() {
		dropTable();
		this.admin.jdbc()
			.execute("create table jpa_pet (id bigint auto_increment primary key, name varchar(60) not null unique,"
					+ " visits int not null default 0) engine = InnoDB");
		this.admin.jdbc().update("insert into jpa_pet (name) values ('Leo'), ('Basil')");
	}

	@AfterEach
	void dropTable() {
		this.admin.jdbc().execute("drop table if exists jpa_pet");
	}

	@AfterEach
	void close() {
		this.admin.close();
	}

	@Test
	void repositoryOnTheSecondDataSourcesEntityManagerFactoryRunsBehindThatDatastore() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(JdbcResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class))
			.withUserConfiguration(ReportingJpa.class)
			.withPropertyValues(TestDataSources.properties(this.mariaDb.jdbcUrl(), this.mariaDb.user(),
					this.mariaDb.password()))
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JpaPetRepository pets = context.getBean(JpaPetRepository.class);
				assertThat(pets.countByName("Leo")).isEqualTo(1);
				assertThat(pets.count()).isEqualTo(2);
				assertThat(DatastoreCalls.calls(context, "reportingDataSource")).isEqualTo(2);
				assertThat(DatastoreCalls.calls(context, "jdbc")).isZero();
				ResilientDbRegistries registries = context.getBean(ResilientDbRegistries.class);
				assertThat(registries.circuitBreakers()
					.circuitBreaker("reportingDataSource")
					.getMetrics()
					.getNumberOfSuccessfulCalls()).isEqualTo(2);
				assertThat(registries.circuitBreakers().circuitBreaker("jdbc").getMetrics().getNumberOfSuccessfulCalls())
					.isZero();
			});
	}

	@Configuration(proxyBeanMethods = false)
	@EnableJpaRepositories(basePackageClasses = JpaPet.class,
			includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = JpaPetRepository.class),
			entityManagerFactoryRef = "reportingEntityManagerFactory",
			transactionManagerRef = "reportingTransactionManager")
	@Import(TestDataSources.class)
	static class ReportingJpa {

		@Bean
		LocalContainerEntityManagerFactoryBean reportingEntityManagerFactory(
				@Qualifier("reportingDataSource") DataSource reportingDataSource) {
			LocalContainerEntityManagerFactoryBean factory = new LocalContainerEntityManagerFactoryBean();
			factory.setDataSource(reportingDataSource);
			factory.setJpaVendorAdapter(new HibernateJpaVendorAdapter());
			factory.setPackagesToScan(JpaPet.class.getPackageName());
			factory.setPersistenceUnitName("reporting");
			return factory;
		}

		@Bean
		JpaTransactionManager reportingTransactionManager(
				@Qualifier("reportingEntityManagerFactory") EntityManagerFactory reportingEntityManagerFactory) {
			return new JpaTransactionManager(reportingEntityManagerFactory);
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

	}

}
