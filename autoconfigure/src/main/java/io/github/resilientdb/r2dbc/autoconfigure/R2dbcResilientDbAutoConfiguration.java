package io.github.resilientdb.r2dbc.autoconfigure;

import java.util.List;

import io.github.resilientdb.autoconfigure.ClientRepositoryDatastores;
import io.github.resilientdb.autoconfigure.ClientRepositoryDatastores.ClientProperty;
import io.github.resilientdb.autoconfigure.DatastoreClients;
import io.github.resilientdb.autoconfigure.DeadlineTimeouts;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.engine.RepositoryDatastores;
import io.github.resilientdb.r2dbc.R2dbcDatastoreKind;
import io.github.resilientdb.r2dbc.R2dbcErrorClassifier;
import io.github.resilientdb.r2dbc.pool.R2dbcDatastorePool;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnSingleCandidate;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.r2dbc.core.R2dbcEntityOperations;
import org.springframework.data.r2dbc.repository.support.R2dbcRepositoryFactoryBean;
import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Makes the {@code r2dbc} datastore available to {@code @ResilientDb} methods returning {@code Mono} or {@code Flux}
 * when the application has an R2DBC {@link ConnectionFactory}, and one more datastore for each further
 * {@code ConnectionFactory} bean (see {@link DatastoreClients} for the naming rule).
 */
@AutoConfiguration(
		afterName = { "org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration",
				"org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration" },
		before = ResilientDbAutoConfiguration.class)
@ConditionalOnClass(ConnectionFactory.class)
@ConditionalOnBean(ConnectionFactory.class)
@ConditionalOnBooleanProperty(name = "resilientdb.enabled", matchIfMissing = true)
public final class R2dbcResilientDbAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "r2dbcDatastoreType")
	DatastoreType r2dbcDatastoreType() {
		// No send tracking: the reactive path never uses it (see ReactiveCalls).
		return new DatastoreType(R2dbcDatastoreKind.NAME, new R2dbcErrorClassifier(),
				List.of("org.springframework.data.r2dbc.", "org.springframework.r2dbc."));
	}

	@Bean
	@ConditionalOnMissingBean(name = "r2dbcDatastoreClients")
	DatastoreClients r2dbcDatastoreClients(ListableBeanFactory beanFactory) {
		return DatastoreClients.of(beanFactory, ConnectionFactory.class, R2dbcDatastoreKind.NAME);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ R2dbcRepositoryFactoryBean.class, DatabaseClient.class })
	static class R2dbcRepositoriesConfiguration {

		/**
		 * The repository factory's {@code entityOperations} ({@code @EnableR2dbcRepositories(entityOperationsRef)},
		 * Spring Boot's {@code r2dbcEntityTemplate} by default), else the {@code databaseClient} of a factory bean
		 * declared by hand.
		 */
		@Bean
		@ConditionalOnMissingBean(name = "r2dbcRepositoryDatastores")
		RepositoryDatastores r2dbcRepositoryDatastores(ConfigurableListableBeanFactory beanFactory,
				@Qualifier("r2dbcDatastoreClients") DatastoreClients clients) {
			return new ClientRepositoryDatastores(beanFactory, clients, R2dbcRepositoryFactoryBean.class,
					List.of(new ClientProperty("entityOperations",
							(operations) -> (operations instanceof R2dbcEntityOperations entityOperations)
									? entityOperations.getDatabaseClient().getConnectionFactory() : null),
							new ClientProperty("databaseClient", (client) -> (client instanceof DatabaseClient database)
									? database.getConnectionFactory() : null)));
		}

	}

	/**
	 * Timeouts from the {@code r2dbc} datastore's deadline for the {@code ConnectionFactory} Spring Boot builds.
	 */
	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = "org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties")
	static class BootDefaultsConfiguration {

		@Bean
		static R2dbcPoolDefaultsBeanPostProcessor resilientDbR2dbcPoolDefaultsBeanPostProcessor() {
			return new R2dbcPoolDefaultsBeanPostProcessor();
		}

		@Bean
		@ConditionalOnMissingBean(name = "resilientDbR2dbcDriverTimeoutsCustomizer")
		R2dbcDriverTimeoutsCustomizer resilientDbR2dbcDriverTimeoutsCustomizer(Environment environment) {
			return new R2dbcDriverTimeoutsCustomizer(DeadlineTimeouts.of(environment, R2dbcDatastoreKind.NAME));
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(ConnectionPool.class)
	static class PoolConfiguration {

		@Bean
		@ConditionalOnBean(ConnectionPool.class)
		@ConditionalOnSingleCandidate(ConnectionFactory.class)
		@ConditionalOnMissingBean(name = "resilientDbR2dbcDatastorePool")
		R2dbcDatastorePool resilientDbR2dbcDatastorePool(ConnectionFactory connectionFactory) {
			return new R2dbcDatastorePool(connectionFactory);
		}

	}

}
