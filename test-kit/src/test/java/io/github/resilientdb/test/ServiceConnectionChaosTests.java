package io.github.resilientdb.test;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilientdb.test.server.PrivatePostgres;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

/**
 * {@link ResilientDbChaos} with the database given by a connection details bean, as Testcontainers'
 * {@code @ServiceConnection} gives it (no Docker here: the bean points at a private PostgreSQL instead of a
 * container), and no {@code spring.datasource.url} at all.
 */
@SpringBootTest(classes = { ChaosTestApplication.class, ServiceConnectionChaosTests.ContainerLikeDetails.class },
		properties = { "spring.data.redis.port=${chaos-test.no-redis:1}", "spring.mongodb.uri=mongodb://127.0.0.1:1/test",
				"resilientdb.health.enabled=false" })
@ResilientDbChaos
class ServiceConnectionChaosTests {

	@Autowired
	private ChaosProxies chaos;

	@Autowired
	private ChaosTestApplication.Orders orders;

	@Autowired
	private DataSource dataSource;

	@Test
	void theConnectionDetailsBeanIsPointedAtItsProxy(ChaosProxies fromParameter) {
		assertThat(fromParameter).isSameAs(this.chaos);
		assertThat(this.chaos.datastore("postgresConnectionDetails")).isSameAs(this.chaos.jdbc());
		assertThat(((HikariDataSource) this.dataSource).getJdbcUrl())
			.isEqualTo("jdbc:postgresql://127.0.0.1:" + this.chaos.jdbc().port() + "/test");
		assertThat(this.orders.count()).isNotNegative();

		this.chaos.jdbc().refuseNewConnections();
		this.chaos.jdbc().resetLiveConnections();
		assertThatException().isThrownBy(this.orders::count);
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class ContainerLikeDetails {

		@Bean
		JdbcConnectionDetails postgresConnectionDetails() {
			PrivatePostgres postgres = PrivatePostgres.shared();
			return new JdbcConnectionDetails() {

				@Override
				public String getJdbcUrl() {
					return postgres.jdbcUrl();
				}

				@Override
				public String getUsername() {
					return postgres.user();
				}

				@Override
				public String getPassword() {
					return postgres.password();
				}

			};
		}

	}

}
