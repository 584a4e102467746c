package io.github.resilientdb.jdbc.autoconfigure;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilientdb.actuate.ClientDatastorePools;
import io.github.resilientdb.autoconfigure.DatastoreClients;
import io.github.resilientdb.jdbc.JdbcDatastoreKind;
import io.github.resilientdb.jdbc.pool.JdbcDatastorePool;
import io.github.resilientdb.jdbc.pool.JdbcPoolControl;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;

/**
 * Production defaults for HikariCP pools and their drivers' timeouts ({@code resilientdb.jdbc.pool}), the
 * {@link JdbcPoolControl} of the application's single or primary pool, and the pool view of every {@code jdbc}
 * datastore whose {@code DataSource} is a HikariCP pool, for the {@code resilientdb} endpoint.
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ DataSource.class, HikariDataSource.class })
@ConditionalOnBooleanProperty(name = "resilientdb.enabled", matchIfMissing = true)
@EnableConfigurationProperties(JdbcPoolProperties.class)
public final class JdbcPoolAutoConfiguration {

	@Bean
	@ConditionalOnBooleanProperty(name = "resilientdb.jdbc.pool.enabled", matchIfMissing = true)
	static HikariPoolDefaultsBeanPostProcessor resilientDbHikariPoolDefaultsBeanPostProcessor(
			ObjectProvider<JdbcPoolProperties> properties) {
		return new HikariPoolDefaultsBeanPostProcessor(properties);
	}

	@Bean
	@ConditionalOnMissingBean
	@ConditionalOnBean(HikariDataSource.class)
	@ConditionalOnSingleCandidate(DataSource.class)
	JdbcPoolControl jdbcPoolControl(DataSource dataSource) {
		return JdbcPoolControl.of(dataSource);
	}

	@Bean
	@ConditionalOnBean(HikariDataSource.class)
	@ConditionalOnSingleCandidate(DataSource.class)
	JdbcDatastorePool resilientDbJdbcDatastorePool(JdbcPoolControl control) {
		return new JdbcDatastorePool(JdbcDatastoreKind.NAME, control);
	}

	@Bean
	@ConditionalOnMissingBean(name = "jdbcClientDatastorePools")
	ClientDatastorePools jdbcClientDatastorePools(ListableBeanFactory beanFactory,
			ObjectProvider<DatastoreClients> clients) {
		return ClientDatastorePools.of(clients, JdbcDatastoreKind.NAME, (beanName, datastore) -> JdbcDatastorePool
			.ofHikari(datastore, beanFactory.getBean(beanName, DataSource.class)));
	}

}
