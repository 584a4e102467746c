package io.github.resilientdb.r2dbc.autoconfigure.health;

import io.github.resilientdb.autoconfigure.DatastoreClients;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.engine.MethodPolicies;
import io.github.resilientdb.health.autoconfigure.ClientDatastoreProbes;
import io.github.resilientdb.health.autoconfigure.ResilientDbHealthAutoConfiguration;
import io.github.resilientdb.r2dbc.autoconfigure.R2dbcResilientDbAutoConfiguration;
import io.github.resilientdb.r2dbc.health.R2dbcDatastoreProbe;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthContributor;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcConnectionDetails;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of the {@code r2dbc} datastores' health probes: one for the single or primary
 * {@link ConnectionFactory}, and one for each other {@code ConnectionFactory} bean, which is a datastore of its own.
 * The probes replace Spring Boot's {@code r2dbcHealthContributor}.
 */
@AutoConfiguration(after = { R2dbcResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class },
		before = ResilientDbHealthAutoConfiguration.class)
@ConditionalOnClass({ HealthContributor.class, ConditionalOnEnabledHealthIndicator.class, ConnectionFactory.class,
		R2dbcConnectionDetails.class, Mono.class })
@ConditionalOnBean({ ConnectionFactory.class, MethodPolicies.class })
@ConditionalOnEnabledHealthIndicator("resilientdb")
public final class R2dbcProbeAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "r2dbcClientDatastoreProbes")
	ClientDatastoreProbes r2dbcClientDatastoreProbes(ListableBeanFactory beanFactory,
			ObjectProvider<DatastoreClients> clients) {
		return ClientDatastoreProbes.of(clients, "r2dbc", (beanName, datastore) -> new R2dbcDatastoreProbe(
				beanFactory.getBean(beanName, ConnectionFactory.class), null, datastore));
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnSingleCandidate(ConnectionFactory.class)
	static class PrimaryProbeConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "r2dbcDatastoreProbe")
		R2dbcDatastoreProbe r2dbcDatastoreProbe(ConnectionFactory connectionFactory,
				ObjectProvider<R2dbcConnectionDetails> connectionDetails) {
			return new R2dbcDatastoreProbe(connectionFactory, password(connectionDetails.getIfAvailable()), null);
		}

		private static @Nullable CharSequence password(@Nullable R2dbcConnectionDetails details) {
			return (details != null)
					? (CharSequence) details.getConnectionFactoryOptions().getValue(ConnectionFactoryOptions.PASSWORD)
					: null;
		}

	}

}
