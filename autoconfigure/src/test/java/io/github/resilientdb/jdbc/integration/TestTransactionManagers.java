package io.github.resilientdb.jdbc.integration;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.support.JdbcTransactionManager;

/**
 * A transaction manager for each of the {@link TestDataSources}: {@code primaryTransactionManager} and
 * {@code reportingTransactionManager}.
 */
@Configuration(proxyBeanMethods = false)
class TestTransactionManagers {

	@Bean
	JdbcTransactionManager primaryTransactionManager(DataSource primaryDataSource) {
		return new JdbcTransactionManager(primaryDataSource);
	}

	@Bean
	JdbcTransactionManager reportingTransactionManager(
			@Qualifier("reportingDataSource") DataSource reportingDataSource) {
		return new JdbcTransactionManager(reportingDataSource);
	}

}
