package io.github.resilientdb.jdbc.pool;

import java.sql.Connection;

import javax.sql.DataSource;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilientdb.jdbc.autoconfigure.JdbcPoolAutoConfiguration;
import io.github.resilientdb.test.server.PrivatePostgres;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;

import org.springframework.boot.SpringBootVersion;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.datasource.LazyConnectionDataSourceProxy;
import org.springframework.jdbc.datasource.SimpleDriverDataSource;

import static org.assertj.core.api.Assertions.assertThat;

class JdbcPoolAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, JdbcPoolAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=" + PrivatePostgres.shared().jdbcUrl(),
				"spring.datasource.username=" + PrivatePostgres.shared().user(),
				"resilientdb.jdbc.pool.maximum-pool-size=2");

	@Test
	void runWithHikariShouldCreatePoolControl() {
		this.runner.run((context) -> {
			assertThat(context).hasSingleBean(JdbcPoolControl.class);
			assertThat(context.getBean(JdbcPoolControl.class).stats().maximum()).isEqualTo(2);
		});
	}

	@Test
	@EnabledIf("bootHasConnectionFetch")
	void runWithLazyConnectionFetchShouldControlThePoolBehindTheProxy() {
		this.runner.withPropertyValues("spring.datasource.connection-fetch=lazy").run((context) -> {
			assertThat(context.getBean(DataSource.class)).isInstanceOf(LazyConnectionDataSourceProxy.class);
			try (Connection connection = context.getBean(DataSource.class).getConnection()) {
				connection.isValid(1);
			}
			assertThat(context.getBean(JdbcPoolControl.class).stats().total()).isPositive();
		});
	}

	/**
	 * Whether Spring Boot has {@code spring.datasource.connection-fetch} (from 4.1).
	 */
	static boolean bootHasConnectionFetch() {
		return !String.valueOf(SpringBootVersion.getVersion()).startsWith("4.0.");
	}

	@Test
	void runWhenDisabledShouldNotTouchThePool() {
		this.runner.withPropertyValues("resilientdb.enabled=false").run((context) -> {
			assertThat(context).doesNotHaveBean(JdbcPoolControl.class);
			assertThat(context.getBean(HikariDataSource.class).getConnectionTimeout()).isEqualTo(30_000);
		});
	}

	@Test
	void runWithUserPoolControlShouldBackOff() {
		this.runner.withUserConfiguration(UserPoolControlConfiguration.class).run((context) -> {
			assertThat(context).hasSingleBean(JdbcPoolControl.class);
			assertThat(context.getBean(JdbcPoolControl.class).poolName()).isEqualTo("user");
		});
	}

	@Test
	void runWithoutHikariShouldNotCreatePoolControl() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JdbcPoolAutoConfiguration.class))
			.withUserConfiguration(SimpleDataSourceConfiguration.class)
			.withClassLoader(new FilteredClassLoader(HikariDataSource.class))
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(JdbcPoolControl.class));
	}

	@Test
	void runWithNonHikariDataSourceShouldNotCreatePoolControl() {
		new ApplicationContextRunner().withConfiguration(AutoConfigurations.of(JdbcPoolAutoConfiguration.class))
			.withUserConfiguration(SimpleDataSourceConfiguration.class)
			.run((context) -> assertThat(context).hasNotFailed().doesNotHaveBean(JdbcPoolControl.class));
	}

	@Configuration(proxyBeanMethods = false)
	static class UserPoolControlConfiguration {

		@Bean
		JdbcPoolControl userPoolControl() {
			HikariDataSource dataSource = new HikariDataSource();
			dataSource.setPoolName("user");
			return new JdbcPoolControl(dataSource);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class SimpleDataSourceConfiguration {

		@Bean
		DataSource dataSource() {
			return new SimpleDriverDataSource();
		}

	}

}
