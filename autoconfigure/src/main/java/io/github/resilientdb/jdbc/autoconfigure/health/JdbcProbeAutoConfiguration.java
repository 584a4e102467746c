package io.github.resilientdb.jdbc.autoconfigure.health;

import javax.sql.DataSource;

import io.github.resilientdb.autoconfigure.DatastoreClients;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.health.autoconfigure.ClientDatastoreProbes;
import io.github.resilientdb.health.autoconfigure.ResilientDbHealthAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.jdbc.health.JdbcDatastoreProbe;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.jdbc.DataSourceUnwrapper;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code jdbc} datastores' health probes: one for the single or primary
 * {@link DataSource}, and one for each other {@code DataSource} bean, which is a datastore of its own.
 */
@AutoConfiguration(after = { JdbcResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class },
		before = ResilientDbHealthAutoConfiguration.class)
@ConditionalOnClass({ HealthContributor.class, ConditionalOnEnabledHealthIndicator.class, DataSource.class,
		DataSourceUnwrapper.class })
@ConditionalOnBean({ DataSource.class, MethodPolicies.class })
@ConditionalOnEnabledHealthIndicator("resilientdb")
public final class JdbcProbeAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "jdbcClientDatastoreProbes")
	ClientDatastoreProbes jdbcClientDatastoreProbes(ListableBeanFactory beanFactory,
			ObjectProvider<DatastoreClients> clients) {
		return ClientDatastoreProbes.of(clients, "jdbc", (beanName, datastore) -> JdbcDatastoreProbe
			.of(beanFactory.getBean(beanName, DataSource.class), datastore));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnSingleCandidate(DataSource.class)
	static class PrimaryProbeConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "jdbcDatastoreProbe")
		JdbcDatastoreProbe jdbcDatastoreProbe(DataSource dataSource,
				ObjectProvider<JdbcConnectionDetails> connectionDetails) {
			JdbcConnectionDetails details = connectionDetails.getIfAvailable();
			return new JdbcDatastoreProbe(dataSource, (details != null) ? details.getPassword() : null);
		}

	}

}
