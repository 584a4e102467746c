package io.github.resilientdb.jdbc.integration;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.test.server.PrivateMariaDb;
import io.github.resilientdb.test.server.PrivatePostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
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
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;
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
		PrivatePostgres postgres = PrivatePostgres.shared();
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(JdbcResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class))
			.withUserConfiguration(ReportingJpa.class)
			.withPropertyValues("test.primary.url=" + postgres.jdbcUrl(), "test.primary.user=" + postgres.user(),
					"test.primary.password=" + postgres.password(), "test.reporting.url=" + this.mariaDb.jdbcUrl(),
					"test.reporting.user=" + this.mariaDb.user(), "test.reporting.password=" + this.mariaDb.password())
			.run((context) -> {
				assertThat(context).hasNotFailed();
				JpaPetRepository pets = context.getBean(JpaPetRepository.class);
				assertThat(pets.countByName("Leo")).isEqualTo(1);
				assertThat(pets.count()).isEqualTo(2);
				MeterRegistry meters = context.getBean(MeterRegistry.class);
				assertThat(calls(meters, "reportingDataSource")).isEqualTo(2);
				assertThat(calls(meters, "jdbc")).isZero();
				ResilientDbRegistries registries = context.getBean(ResilientDbRegistries.class);
				assertThat(registries.circuitBreakers()
					.circuitBreaker("reportingDataSource")
					.getMetrics()
					.getNumberOfSuccessfulCalls()).isEqualTo(2);
				assertThat(registries.circuitBreakers().circuitBreaker("jdbc").getMetrics().getNumberOfSuccessfulCalls())
					.isZero();
			});
	}

	private static long calls(MeterRegistry meters, String datastore) {
		return meters.find("resilientdb.calls")
			.tag("datastore", datastore)
			.timers()
			.stream()
			.mapToLong(Timer::count)
			.sum();
	}

	@Configuration(proxyBeanMethods = false)
	@EnableJpaRepositories(basePackageClasses = JpaPet.class,
			includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = JpaPetRepository.class),
			entityManagerFactoryRef = "reportingEntityManagerFactory",
			transactionManagerRef = "reportingTransactionManager")
	static class ReportingJpa {

		@Bean
		@Primary
		HikariDataSource primaryDataSource(Environment environment) {
			return hikari(environment, "primary");
		}

		@Bean
		HikariDataSource reportingDataSource(Environment environment) {
			return hikari(environment, "reporting");
		}

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

		private static HikariDataSource hikari(Environment environment, String name) {
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setPoolName(name);
			dataSource.setJdbcUrl(environment.getRequiredProperty("test." + name + ".url"));
			dataSource.setUsername(environment.getRequiredProperty("test." + name + ".user"));
			dataSource.setPassword(environment.getProperty("test." + name + ".password", ""));
			dataSource.setMaximumPoolSize(2);
			dataSource.setMinimumIdle(0);
			return dataSource;
		}

	}

}
