package io.github.resilientdb.jdbc.autoconfigure;

import java.util.List;

import javax.sql.DataSource;

import io.github.resilientdb.autoconfigure.ClientRepositoryDatastores;
import io.github.resilientdb.autoconfigure.DatastoreClients;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.engine.RepositoryDatastores;
import io.github.resilientdb.jdbc.SqlStateErrorClassifier;
import jakarta.persistence.EntityManager;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.jdbc.repository.support.JdbcRepositoryFactoryBean;
import org.springframework.data.jpa.repository.support.JpaRepositoryFactoryBean;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.orm.jpa.EntityManagerFactoryInfo;

/**
 * Makes the {@code jdbc} datastore available to {@code @ResilientDb} when the application has a {@link DataSource},
 * and one more datastore for each further {@link DataSource} bean (see {@link DatastoreClients} for the naming rule).
 */
@AutoConfiguration(afterName = "org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration")
@ConditionalOnClass({ DataSource.class, JdbcTemplate.class })
@ConditionalOnBean(DataSource.class)
@ConditionalOnBooleanProperty(name = "resilientdb.enabled", matchIfMissing = true)
public final class JdbcResilientDbAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "jdbcDatastoreType")
	DatastoreType jdbcDatastoreType(ObjectProvider<SendTrackingDataSourcePostProcessor> sendTracking) {
		SendTrackingDataSourcePostProcessor tracking = sendTracking.getIfAvailable();
		return new DatastoreType("jdbc", new SqlStateErrorClassifier(),
				List.of("org.springframework.data.jdbc.", "org.springframework.data.relational.",
						"org.springframework.data.jpa.", "org.springframework.jdbc."),
				(tracking != null) ? tracking.sendTracker() : null);
	}

	@Bean
	@ConditionalOnMissingBean(name = "jdbcDatastoreClients")
	DatastoreClients jdbcDatastoreClients(ListableBeanFactory beanFactory) {
		return DatastoreClients.of(beanFactory, DataSource.class, "jdbc");
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass({ JpaRepositoryFactoryBean.class, EntityManagerFactoryInfo.class })
	static class JpaRepositoriesConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "jpaRepositoryDatastores")
		RepositoryDatastores jpaRepositoryDatastores(ConfigurableListableBeanFactory beanFactory,
				@Qualifier("jdbcDatastoreClients") DatastoreClients clients) {
			return new ClientRepositoryDatastores(beanFactory, clients, JpaRepositoryFactoryBean.class, "entityManager",
					(entityManager) -> (entityManager instanceof EntityManager shared
							&& shared.getEntityManagerFactory() instanceof EntityManagerFactoryInfo info)
									? info.getDataSource() : null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JdbcRepositoryFactoryBean.class)
	static class JdbcRepositoriesConfiguration {

		@Bean
		@ConditionalOnMissingBean(name = "jdbcRepositoryDatastores")
		RepositoryDatastores jdbcRepositoryDatastores(ConfigurableListableBeanFactory beanFactory,
				@Qualifier("jdbcDatastoreClients") DatastoreClients clients) {
			return new ClientRepositoryDatastores(beanFactory, clients, JdbcRepositoryFactoryBean.class,
					JdbcRepositoryClients.properties());
		}

	}

	@Bean
	@ConditionalOnBooleanProperty(name = "resilientdb.jdbc.send-tracking.enabled", matchIfMissing = true)
	static SendTrackingDataSourcePostProcessor resilientDbSendTrackingDataSourcePostProcessor() {
		return new SendTrackingDataSourcePostProcessor();
	}

}
