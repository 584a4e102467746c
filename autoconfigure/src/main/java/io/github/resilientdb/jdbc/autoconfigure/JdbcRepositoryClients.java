package io.github.resilientdb.jdbc.autoconfigure;

import java.util.List;

import io.github.resilientdb.autoconfigure.ClientRepositoryDatastores.ClientProperty;
import org.jspecify.annotations.Nullable;

import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.data.jdbc.core.convert.DataAccessStrategy;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcOperations;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.support.JdbcAccessor;

/**
 * The ways from a Spring Data JDBC repository's factory bean to its {@code DataSource}, first to last (the first that
 * leads to a {@code DataSource} bean wins): the template of {@code @EnableJdbcRepositories(jdbcAggregateOperationsRef)}
 * (also Spring Boot's default template), the data access strategy and JDBC operations of
 * {@code dataAccessStrategyRef} and {@code jdbcOperationsRef}, the transaction manager of
 * {@code transactionManagerRef}. Uses only API present in Spring Data JDBC 4.0 and 4.1.
 */
final class JdbcRepositoryClients {

	private JdbcRepositoryClients() {
	}

	static List<ClientProperty> properties() {
		return List.of(
				new ClientProperty("jdbcAggregateOperations",
						(operations) -> (operations instanceof JdbcAggregateTemplate template)
								? dataSource(template.getDataAccessStrategy()) : null),
				new ClientProperty("dataAccessStrategy", JdbcRepositoryClients::dataSource),
				new ClientProperty("jdbcOperations", JdbcRepositoryClients::dataSource),
				new ClientProperty("transactionManager",
						(transactionManager) -> (transactionManager instanceof DataSourceTransactionManager manager)
								? manager.getDataSource() : null));
	}

	private static @Nullable Object dataSource(Object operations) {
		if (operations instanceof DataAccessStrategy strategy) {
			return dataSource(strategy.getJdbcOperations());
		}
		if (operations instanceof NamedParameterJdbcOperations named
				&& named.getJdbcOperations() instanceof JdbcAccessor accessor) {
			return accessor.getDataSource();
		}
		return null;
	}

}
