package io.github.resilientdb.jdbc;

import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcDurabilityAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcPoolAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.test.server.JdbcServer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;

/**
 * The JDBC application the pool and durability tests start: Boot's data source, transaction and
 * {@code JdbcTemplate} auto-configuration with every resilient-db JDBC auto-configuration (resilience, pool,
 * durability), connected to a private server.
 */
public final class JdbcStack {

	private JdbcStack() {
	}

	/**
	 * A runner for an application whose data source is {@code server}, as its user (the password is left unset).
	 * @param server the database server
	 * @return the runner
	 */
	public static ApplicationContextRunner runner(JdbcServer server) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
					TransactionAutoConfiguration.class, JdbcResilientDbAutoConfiguration.class,
					JdbcPoolAutoConfiguration.class, JdbcDurabilityAutoConfiguration.class,
					ResilientDbAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=" + server.jdbcUrl(),
					"spring.datasource.username=" + server.user());
	}

}
