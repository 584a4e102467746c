package io.github.resilientdb.engine;

import java.sql.Statement;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.test.server.PrivatePostgres;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.ConnectionCallback;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Resilience4j's retry meters ({@code resilience4j_retry_calls_total}) count all four kinds of outcome of calls made
 * through a real {@code @ResilientDb} bean on a real PostgreSQL, as Prometheus scrapes them.
 */
class RetryOutcomesTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, JdbcResilientDbAutoConfiguration.class,
				ResilientDbAutoConfiguration.class))
		.withUserConfiguration(Beans.class)
		.withPropertyValues("spring.datasource.url=" + PrivatePostgres.shared().jdbcUrl(),
				"spring.datasource.username=" + PrivatePostgres.shared().user(),
				"resilientdb.datastores.jdbc.retry.max-retries=2", "resilientdb.datastores.jdbc.retry.delay=1ms",
				"resilientdb.datastores.jdbc.retry.max-delay=2ms",
				"resilientdb.datastores.jdbc.retry.budget.min-retries-per-second=1000");

	@Test
	void everyKindOfRetryOutcomeIsCounted() {
		this.runner.run((context) -> {
			Calls calls = context.getBean(Calls.class);
			for (int i = 0; i < 1000; i++) {
				Integer one = calls.idempotent((jdbc) -> jdbc.queryForObject("select 1", Integer.class));
				assertThat(one).isOne();
			}
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> calls.idempotent((jdbc) -> jdbc.queryForObject("selec 1", Integer.class)));
			AtomicInteger attempts = new AtomicInteger();
			Integer retried = calls.idempotent((jdbc) -> (attempts.incrementAndGet() == 1) ? cancelled(jdbc) : 7);
			assertThat(retried).isEqualTo(7);
			assertThat(attempts).hasValue(2);
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> calls.idempotent(RetryOutcomesTests::cancelled));
			String scrape = context.getBean(PrometheusMeterRegistry.class).scrape();
			assertThat(scrape).contains(
					"resilience4j_retry_calls_total{application=\"test\",kind=\"successful_without_retry\",name=\"jdbc\"} 1000.0",
					"resilience4j_retry_calls_total{application=\"test\",kind=\"failed_without_retry\",name=\"jdbc\"} 1.0",
					"resilience4j_retry_calls_total{application=\"test\",kind=\"successful_with_retry\",name=\"jdbc\"} 1.0",
					"resilience4j_retry_calls_total{application=\"test\",kind=\"failed_with_retry\",name=\"jdbc\"} 1.0");
		});
	}

	/**
	 * A statement PostgreSQL cancels on its statement timeout (SQLState 57014), which is retried.
	 */
	private static Integer cancelled(JdbcTemplate jdbc) {
		return jdbc.execute((ConnectionCallback<Integer>) (connection) -> {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute("set local statement_timeout = 20");
				statement.execute("select pg_sleep(2)");
				return 0;
			}
			finally {
				connection.rollback();
				connection.setAutoCommit(true);
			}
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Beans {

		@Bean
		PrometheusMeterRegistry prometheusMeterRegistry() {
			PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
			registry.config().commonTags("application", "test");
			return registry;
		}

		@Bean
		Calls calls(JdbcTemplate jdbc) {
			return new Calls(jdbc);
		}

	}

	static class Calls {

		private final JdbcTemplate jdbc;

		Calls(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@ResilientDb(idempotency = Idempotency.IDEMPOTENT)
		public <T> T idempotent(Function<JdbcTemplate, T> work) {
			return work.apply(this.jdbc);
		}

	}

}
