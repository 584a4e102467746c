package io.github.resilientdb.jdbc.autoconfigure;

import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilientdb.autoconfigure.ClientRepositoryDatastores.ClientProperty;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.data.jdbc.core.JdbcAggregateTemplate;
import org.springframework.data.jdbc.core.convert.DataAccessStrategy;
import org.springframework.data.jdbc.core.convert.DelegatingDataAccessStrategy;
import org.springframework.data.jdbc.core.convert.JdbcConverter;
import org.springframework.data.jdbc.core.convert.JdbcCustomConversions;
import org.springframework.data.jdbc.core.convert.QueryMappingConfiguration;
import org.springframework.data.jdbc.core.dialect.JdbcPostgresDialect;
import org.springframework.data.jdbc.core.mapping.JdbcMappingContext;
import org.springframework.data.jdbc.repository.config.JdbcConfiguration;
import org.springframework.data.relational.RelationalManagedTypes;
import org.springframework.jdbc.core.namedparam.NamedParameterJdbcTemplate;
import org.springframework.jdbc.support.JdbcTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Each property of a Spring Data JDBC repository's factory bean leads to the {@code DataSource} of the Spring Data JDBC
 * object it references (built as Spring Data JDBC builds them; no connection is opened).
 */
class JdbcRepositoryClientsTests {

	private final HikariDataSource dataSource = new HikariDataSource();

	private final NamedParameterJdbcTemplate operations = new NamedParameterJdbcTemplate(this.dataSource);

	private final Map<String, ClientProperty> properties = JdbcRepositoryClients.properties()
		.stream()
		.collect(Collectors.toMap(ClientProperty::name, (property) -> property));

	@AfterEach
	void close() {
		this.dataSource.close();
	}

	@Test
	void clientWhenJdbcAggregateTemplateShouldBeItsDataSource() {
		JdbcCustomConversions conversions = JdbcConfiguration.createCustomConversions(JdbcPostgresDialect.INSTANCE,
				List.of());
		JdbcMappingContext mappingContext = JdbcConfiguration.createMappingContext(RelationalManagedTypes.empty(),
				conversions, null);
		JdbcConverter converter = JdbcConfiguration.createConverter(mappingContext, this.operations,
				new DelegatingDataAccessStrategy(), conversions, JdbcPostgresDialect.INSTANCE);
		DataAccessStrategy strategy = JdbcConfiguration.createDataAccessStrategy(this.operations, converter,
				QueryMappingConfiguration.EMPTY, JdbcPostgresDialect.INSTANCE);

		assertThat(client("jdbcAggregateOperations", new JdbcAggregateTemplate(converter, strategy)))
			.isSameAs(this.dataSource);
		assertThat(client("dataAccessStrategy", strategy)).isSameAs(this.dataSource);
	}

	@Test
	void clientWhenJdbcOperationsShouldBeTheirDataSource() {
		assertThat(client("jdbcOperations", this.operations)).isSameAs(this.dataSource);
	}

	@Test
	void clientWhenDataSourceTransactionManagerShouldBeItsDataSource() {
		assertThat(client("transactionManager", new JdbcTransactionManager(this.dataSource)))
			.isSameAs(this.dataSource);
	}

	@Test
	void clientWhenBeanIsOfAnotherKindShouldBeUnknown() {
		assertThat(this.properties.values()).allSatisfy(
				(property) -> assertThat(property.client().apply(this.dataSource)).as(property.name()).isNull());
	}

	private Object client(String property, Object bean) {
		return this.properties.get(property).client().apply(bean);
	}

}
