package io.github.resilientdb.jdbc.autoconfigure;

import java.sql.SQLException;
import java.util.List;

import javax.sql.DataSource;

import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.jdbc.SqlStateErrorClassifier;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.jdbc.repository.support.JdbcRepositoryFactoryBean;
import org.springframework.data.jdbc.repository.support.SimpleJdbcRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcResilientDbAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner().withConfiguration(
			AutoConfigurations.of(JdbcResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class));

	@Test
	void runWithDataSourceShouldContributeJdbcDatastore() {
		this.runner.withUserConfiguration(DataSourceConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(DatastoreType.class).hasBean("jdbcDatastoreType");
			DatastoreType type = context.getBean(DatastoreType.class);
			assertThat(type.name()).isEqualTo("jdbc");
			assertThat(type.classifier()).isInstanceOf(SqlStateErrorClassifier.class);
			assertThat(type.owns(SimpleJdbcRepository.class)).isTrue();
			assertThat(type.owns(JdbcTemplate.class)).isTrue();
		});
	}

	@Test
	void runWithDataSourceShouldClassifySqlFailures() {
		this.runner.withUserConfiguration(DataSourceConfiguration.class).run((context) -> {
			ErrorClassification classification = context.getBean(ErrorClassification.class);
			DuplicateKeyException duplicate = new DuplicateKeyException("duplicate", new SQLException("dup", "23505"));
			assertThat(classification.classify(duplicate)).isEqualTo(ErrorCategory.BUSINESS);
			assertThat(classification.classify(new SQLException("refused", "08001"))).isEqualTo(ErrorCategory.NOT_SENT);
		});
	}

	@Test
	void runAfterBootsDataSourceAutoConfigurationShouldContributeJdbcDatastore() {
		new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					JdbcResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class))
			.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:1/nowhere")
			.run((context) -> assertThat(context).hasSingleBean(DataSource.class).hasBean("jdbcDatastoreType"));
	}

	@Test
	void runWithoutDataSourceShouldNotContributeJdbcDatastore() {
		this.runner.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DatastoreType.class));
	}

	@Test
	void runWithoutSpringJdbcShouldNotContributeJdbcDatastore() {
		this.runner.withUserConfiguration(DataSourceConfiguration.class)
			.withClassLoader(new FilteredClassLoader(JdbcTemplate.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasSingleBean(DataSource.class)
				.doesNotHaveBean(DatastoreType.class));
	}

	@Test
	void runWhenDisabledShouldNotContributeJdbcDatastore() {
		this.runner.withUserConfiguration(DataSourceConfiguration.class)
			.withPropertyValues("resilientdb.enabled=false")
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(DatastoreType.class));
	}

	@Test
	void runWithUserJdbcDatastoreTypeShouldBackOff() {
		this.runner.withUserConfiguration(DataSourceConfiguration.class, UserDatastoreTypeConfiguration.class)
			.run((context) -> {
				assertThat(context).hasSingleBean(DatastoreType.class);
				assertThat(context.getBean("jdbcDatastoreType"))
					.isSameAs(context.getBean(UserDatastoreTypeConfiguration.class).type);
			});
	}

	@Test
	void runWithSpringDataJdbcShouldInferJdbcRepositoriesDatastores() {
		this.runner.withUserConfiguration(DataSourceConfiguration.class)
			.run((context) -> assertThat(context).hasBean("jdbcRepositoryDatastores"));
	}

	@Test
	void runWithoutSpringDataJdbcShouldNotInferJdbcRepositoriesDatastores() {
		this.runner.withUserConfiguration(DataSourceConfiguration.class)
			.withClassLoader(new FilteredClassLoader(JdbcRepositoryFactoryBean.class))
			.run((context) -> assertThat(context).hasNotFailed()
				.hasBean("jdbcDatastoreType")
				.doesNotHaveBean("jdbcRepositoryDatastores"));
	}

	@Configuration(proxyBeanMethods = false)
	static class DataSourceConfiguration {

		@Bean
		DataSource dataSource() {
			return new DriverManagerDataSource("jdbc:postgresql://127.0.0.1:1/nowhere");
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class UserDatastoreTypeConfiguration {

		final DatastoreType type = new DatastoreType("jdbc", (error) -> null, List.of());

		@Bean
		DatastoreType jdbcDatastoreType() {
			return this.type;
		}

	}

}
