package io.github.resilientdb.jdbc.integration;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilientdb.test.server.PrivatePostgres;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

/**
 * The two data sources of the tests with several: {@code primaryDataSource} ({@code @Primary}, datastore
 * {@code jdbc}) on the private PostgreSQL server and {@code reportingDataSource} (datastore of that name) on the URL
 * the test gives, small Hikari pools configured from {@code test.<name>.url}, {@code .user} and {@code .password}.
 */
@Configuration(proxyBeanMethods = false)
class TestDataSources {

	@Bean
	@Primary
	HikariDataSource primaryDataSource(Environment environment) {
		return hikari(environment, "primary");
	}

	@Bean
	HikariDataSource reportingDataSource(Environment environment) {
		return hikari(environment, "reporting");
	}

	/**
	 * The properties of the two data sources.
	 * @param reportingUrl the JDBC URL of the reporting data source
	 * @param reportingUser its user
	 * @param reportingPassword its password
	 * @return the properties
	 */
	static String[] properties(String reportingUrl, String reportingUser, String reportingPassword) {
		PrivatePostgres postgres = PrivatePostgres.shared();
		return new String[] { "test.primary.url=" + postgres.jdbcUrl(), "test.primary.user=" + postgres.user(),
				"test.primary.password=" + postgres.password(), "test.reporting.url=" + reportingUrl,
				"test.reporting.user=" + reportingUser, "test.reporting.password=" + reportingPassword };
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
