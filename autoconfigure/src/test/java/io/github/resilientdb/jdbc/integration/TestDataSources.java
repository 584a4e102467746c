package io.github.resilientdb.jdbc.integration;

import com.zaxxer.hikari.HikariDataSource;

import org.springframework.core.env.Environment;

/**
 * The small Hikari pools of the tests with several data sources, configured from {@code test.<name>.url},
 * {@code .user} and {@code .password}.
 */
final class TestDataSources {

	private TestDataSources() {
	}

	static HikariDataSource hikari(Environment environment, String name) {
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
