package io.github.resilientdb.jdbc.integration;

import java.util.List;

import javax.sql.DataSource;

import io.github.resilientdb.Durability;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.engine.InvalidResilientDbMethodException;
import io.github.resilientdb.jdbc.autoconfigure.JdbcDurabilityAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.test.server.PrivateMariaDb;
import io.github.resilientdb.test.server.PrivatePostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Import;
import org.springframework.core.NestedExceptionUtils;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Two {@link DataSource}s, each with its own transaction manager: a method's durability is given to, and raised on,
 * the transactions of its own datastore's data source only, never to another client's. With the reporting data
 * source on MariaDB, a method asking it for {@code CRITICAL} fails the start, naming the method and the datastore.
 */
class MultipleDataSourcesDurabilityIntegrationTests {

	private static final String SYNCHRONOUS_COMMIT = "select current_setting('synchronous_commit')";

	private static final String LOCAL = "select set_config('synchronous_commit', 'local', true)";

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JdbcResilientDbAutoConfiguration.class,
				JdbcDurabilityAutoConfiguration.class, ResilientDbAutoConfiguration.class));

	@Test
	void transactionWhenBegunInAMethodShouldTakeItsDurabilityOnlyOnTheMethodsOwnDataSource() {
		twoPostgres().run((context) -> {
			assertThat(context).hasNotFailed();
			ReportWriter writer = context.getBean(ReportWriter.class);
			String serverDefault = new JdbcTemplate(context.getBean("primaryDataSource", DataSource.class))
				.queryForObject(SYNCHRONOUS_COMMIT, String.class);
			assertThat(serverDefault).isNotEqualTo("local");
			assertThat(writer.bulkInOwnTransaction()).as("reportingDataSource's own transaction").isEqualTo("local");
			assertThat(writer.bulkInPrimaryTransaction()).as("the primary's transaction keeps the server's setting")
				.isEqualTo(serverDefault);
		});
	}

	@Test
	void joinedTransactionWhenMethodReturnsShouldBeRaisedOnlyOnTheMethodsOwnDataSource() {
		twoPostgres().run((context) -> {
			ReportWriter writer = context.getBean(ReportWriter.class);
			JdbcTemplate primary = new JdbcTemplate(context.getBean("primaryDataSource", DataSource.class));
			JdbcTemplate reporting = new JdbcTemplate(context.getBean("reportingDataSource", DataSource.class));
			TransactionTemplate primaryTransaction = new TransactionTemplate(
					context.getBean("primaryTransactionManager", JdbcTransactionManager.class));
			TransactionTemplate reportingTransaction = new TransactionTemplate(
					context.getBean("reportingTransactionManager", JdbcTransactionManager.class));
			List<String> settings = primaryTransaction.execute((outer) -> reportingTransaction.execute((inner) -> {
				primary.queryForObject(LOCAL, String.class);
				reporting.queryForObject(LOCAL, String.class);
				writer.important();
				return List.of(reporting.queryForObject(SYNCHRONOUS_COMMIT, String.class),
						primary.queryForObject(SYNCHRONOUS_COMMIT, String.class));
			}));
			assertThat(settings).as("reporting raised to IMPORTANT, primary untouched").containsExactly("on", "local");
		});
	}

	@Test
	void criticalMethodWhenItsDataSourceIsMariaDbShouldFailTheStartNamingTheMethodAndDatastore() {
		PrivateMariaDb mariaDb = PrivateMariaDb.shared();
		this.runner.withUserConfiguration(TwoDataSources.class, ReportingCriticalConfiguration.class)
			.withPropertyValues(TestDataSources.properties(mariaDb.jdbcUrl(), mariaDb.user(), mariaDb.password()))
			.run((context) -> {
				assertThat(context).hasFailed();
				assertThat(NestedExceptionUtils.getMostSpecificCause(context.getStartupFailure()))
					.isInstanceOf(InvalidResilientDbMethodException.class)
					.hasMessageContaining("@ResilientDb on ReportingCritical.write cannot be applied")
					.hasMessageContaining("its durability CRITICAL cannot be honoured on datastore "
							+ "'reportingDataSource'")
					.hasMessageContaining("its DataSource 'reportingDataSource' is MariaDB/MySQL");
			});
	}

	@Test
	void criticalMethodWhenItsDataSourceIsPostgresShouldStartBesideAMariaDbDataSource() {
		PrivateMariaDb mariaDb = PrivateMariaDb.shared();
		this.runner.withUserConfiguration(TwoDataSources.class, PrimaryCriticalConfiguration.class)
			.withPropertyValues(TestDataSources.properties(mariaDb.jdbcUrl(), mariaDb.user(), mariaDb.password()))
			.run((context) -> assertThat(context).hasNotFailed());
	}

	private ApplicationContextRunner twoPostgres() {
		PrivatePostgres postgres = PrivatePostgres.shared();
		return this.runner.withUserConfiguration(TwoDataSources.class)
			.withPropertyValues(TestDataSources.properties(postgres.jdbcUrl(), postgres.user(), postgres.password()));
	}

	@Configuration(proxyBeanMethods = false)
	@Import({ TestDataSources.class, TestTransactionManagers.class })
	static class TwoDataSources {

		@Bean
		ReportWriter reportWriter(DataSource primaryDataSource,
				@Qualifier("reportingDataSource") DataSource reportingDataSource,
				@Qualifier("primaryTransactionManager") JdbcTransactionManager primaryTransactionManager,
				@Qualifier("reportingTransactionManager") JdbcTransactionManager reportingTransactionManager) {
			return new ReportWriter(new JdbcTemplate(primaryDataSource), new JdbcTemplate(reportingDataSource),
					new TransactionTemplate(primaryTransactionManager),
					new TransactionTemplate(reportingTransactionManager));
		}

	}

	/**
	 * Methods of the {@code reportingDataSource} datastore, reading the durability their transactions got.
	 */
	static class ReportWriter {

		private final JdbcTemplate primary;

		private final JdbcTemplate reporting;

		private final TransactionTemplate primaryTransaction;

		private final TransactionTemplate reportingTransaction;

		ReportWriter(JdbcTemplate primary, JdbcTemplate reporting, TransactionTemplate primaryTransaction,
				TransactionTemplate reportingTransaction) {
			this.primary = primary;
			this.reporting = reporting;
			this.primaryTransaction = primaryTransaction;
			this.reportingTransaction = reportingTransaction;
		}

		@ResilientDb(datastore = "reportingDataSource", durability = Durability.BULK)
		public String bulkInOwnTransaction() {
			return this.reportingTransaction
				.execute((status) -> this.reporting.queryForObject(SYNCHRONOUS_COMMIT, String.class));
		}

		@ResilientDb(datastore = "reportingDataSource", durability = Durability.BULK)
		public String bulkInPrimaryTransaction() {
			return this.primaryTransaction
				.execute((status) -> this.primary.queryForObject(SYNCHRONOUS_COMMIT, String.class));
		}

		@ResilientDb(datastore = "reportingDataSource", durability = Durability.IMPORTANT)
		public void important() {
			this.reporting.queryForObject("select 1", Integer.class);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ReportingCriticalConfiguration {

		@Bean
		ReportingCritical reportingCritical() {
			return new ReportingCritical();
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class PrimaryCriticalConfiguration {

		@Bean
		PrimaryCritical primaryCritical() {
			return new PrimaryCritical();
		}

	}

	static class ReportingCritical {

		@ResilientDb(datastore = "reportingDataSource", durability = Durability.CRITICAL)
		public void write() {
		}

	}

	static class PrimaryCritical {

		@ResilientDb(datastore = "jdbc", durability = Durability.CRITICAL)
		public void write() {
		}

	}

}
