package io.github.resilientdb.jdbc.integration;

import java.sql.Connection;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilientdb.actuate.ResilientDbEndpoint;
import io.github.resilientdb.actuate.ResilientDbEndpoint.ChangeDescriptor;
import io.github.resilientdb.actuate.ResilientDbEndpoint.ChangesDescriptor;
import io.github.resilientdb.actuate.autoconfigure.ResilientDbEndpointAutoConfiguration;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcPoolAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.jdbc.pool.JdbcPoolStats;
import io.github.resilientdb.test.server.PrivateMariaDb;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/**
 * The {@code resilientdb} endpoint shows and resizes each {@code DataSource}'s own HikariCP pool: the primary on the
 * private PostgreSQL server ({@code jdbc}) and {@code reportingDataSource} on the private MariaDB server.
 */
class MultipleDataSourcesPoolEndpointIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JdbcPoolAutoConfiguration.class,
				JdbcResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class,
				EndpointAutoConfiguration.class, ResilientDbEndpointAutoConfiguration.class))
		.withUserConfiguration(TestDataSources.class)
		.withPropertyValues(TestDataSources.properties(PrivateMariaDb.shared().jdbcUrl(), PrivateMariaDb.shared().user(),
				PrivateMariaDb.shared().password()))
		.withPropertyValues("management.endpoints.web.exposure.include=resilientdb",
				"resilientdb.endpoint.writes=anyone");

	@Test
	void readWhenSeveralDataSourcesShouldShowEachDatastoresOwnPool() {
		this.runner.run((context) -> {
			ResilientDbEndpoint endpoint = context.getBean(ResilientDbEndpoint.class);
			try (Connection held = reporting(context).getConnection()) {
				JdbcPoolStats reporting = pool(endpoint, "reportingDataSource");
				assertThat(reporting.poolName()).isEqualTo("reporting");
				assertThat(reporting.active()).isOne();
				JdbcPoolStats primary = pool(endpoint, "jdbc");
				assertThat(primary.poolName()).isEqualTo("primary");
				assertThat(primary.active()).isZero();
				assertThat(endpoint.datastores().datastores().get("reportingDataSource").pool()).isEqualTo(reporting);
			}
		});
	}

	@Test
	void resizeWhenNonPrimaryDatastoreShouldResizeOnlyItsOwnPool() {
		this.runner.run((context) -> {
			ResilientDbEndpoint endpoint = context.getBean(ResilientDbEndpoint.class);
			ChangesDescriptor changes = endpoint.change("reportingDataSource", null, 5, 1, null, null, null, null,
					null, SecurityContext.NONE);
			assertThat(changes.changes()).extracting(ChangeDescriptor::field, ChangeDescriptor::before,
					ChangeDescriptor::after)
				.containsExactly(tuple("pool", "maximumPoolSize=2, minimumIdle=0", "maximumPoolSize=5, minimumIdle=1"));
			HikariDataSource reporting = reporting(context);
			assertThat(reporting.getHikariConfigMXBean().getMaximumPoolSize()).isEqualTo(5);
			assertThat(reporting.getHikariConfigMXBean().getMinimumIdle()).isEqualTo(1);
			HikariDataSource primary = context.getBean("primaryDataSource", HikariDataSource.class);
			assertThat(primary.getHikariConfigMXBean().getMaximumPoolSize()).isEqualTo(2);
			assertThat(primary.getHikariConfigMXBean().getMinimumIdle()).isZero();
			assertThat(pool(endpoint, "reportingDataSource").maximum()).isEqualTo(5);
			assertThat(pool(endpoint, "jdbc").maximum()).isEqualTo(2);
			try (Connection first = reporting.getConnection();
					Connection second = reporting.getConnection();
					Connection third = reporting.getConnection()) {
				assertThat(pool(endpoint, "reportingDataSource").active()).as("beyond the old maximum of 2")
					.isEqualTo(3);
			}
		});
	}

	private static HikariDataSource reporting(ApplicationContext context) {
		return context.getBean("reportingDataSource", HikariDataSource.class);
	}

	private static JdbcPoolStats pool(ResilientDbEndpoint endpoint, String datastore) {
		return (JdbcPoolStats) endpoint.datastore(datastore).pool();
	}

}
