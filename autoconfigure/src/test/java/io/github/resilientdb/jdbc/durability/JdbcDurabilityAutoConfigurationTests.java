package io.github.resilientdb.jdbc.durability;

import javax.sql.DataSource;

import io.github.resilientdb.engine.DurabilityVerifier;
import io.github.resilientdb.jdbc.autoconfigure.JdbcDurabilityAutoConfiguration;
import io.github.resilientdb.test.server.PrivatePostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.AbstractPlatformTransactionManager;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcDurabilityAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, TransactionAutoConfiguration.class,
				JdbcDurabilityAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + PrivatePostgres.shared().jdbcUrl(),
				"spring.datasource.username=" + PrivatePostgres.shared().user());

	@Test
	void runWithDataSourceShouldAddOneListenerToBootsTransactionManager() {
		this.runner.run((context) -> {
			assertThat(listeners(context.getBean(AbstractPlatformTransactionManager.class))).isEqualTo(1);
			assertThat(context).hasSingleBean(JdbcDurabilityVerifier.class);
			assertThat(context.getBean(DurabilityVerifier.class).datastoreType()).isEqualTo("jdbc");
		});
	}

	@Test
	void runWithUserTransactionManagerShouldAddTheListenerToIt() {
		this.runner.withUserConfiguration(UserTransactionManagerConfiguration.class).run((context) -> {
			DataSourceTransactionManager manager = context.getBean(DataSourceTransactionManager.class);
			assertThat(manager).isSameAs(context.getBean("userTransactionManager"));
			assertThat(listeners(manager)).isEqualTo(1);
		});
	}

	@Test
	void runWhenDisabledShouldNotAddTheListener() {
		this.runner.withPropertyValues("resilientdb.enabled=false").run((context) -> {
			assertThat(listeners(context.getBean(AbstractPlatformTransactionManager.class))).isZero();
			assertThat(context).doesNotHaveBean(JdbcDurabilityVerifier.class);
		});
	}

	@Test
	void runWithoutDataSourceShouldBackOff() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JdbcDurabilityAutoConfiguration.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(JdbcDurabilityVerifier.class));
	}

	private static long listeners(AbstractPlatformTransactionManager manager) {
		return manager.getTransactionExecutionListeners()
			.stream()
			.filter(JdbcDurabilityListener.class::isInstance)
			.count();
	}

	@Configuration(proxyBeanMethods = false)
	static class UserTransactionManagerConfiguration {

		@Bean
		DataSourceTransactionManager userTransactionManager(DataSource dataSource) {
			return new DataSourceTransactionManager(dataSource);
		}

	}

}
