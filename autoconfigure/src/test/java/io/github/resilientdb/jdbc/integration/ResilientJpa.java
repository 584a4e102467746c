package io.github.resilientdb.jdbc.integration;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.jdbc.integration.ResilientJdbc.FailureLog;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceContext;
import org.hibernate.engine.spi.SessionImplementor;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.jpa.autoconfigure.DataJpaRepositoriesAutoConfiguration;
import org.springframework.boot.hibernate.autoconfigure.HibernateJpaAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.persistence.autoconfigure.EntityScan;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.data.jpa.repository.config.EnableJpaRepositories;
import org.springframework.transaction.annotation.Isolation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A real Spring Boot context with Hibernate and Spring Data JPA around a real database for the JPA tests: Boot's
 * JPA, Spring Data JPA and transaction auto-configuration, resilient-db's, a {@link JpaPetRepository} and a
 * {@link JpaCalls} bean whose {@code @ResilientDb} methods run whatever work a test hands them with the shared
 * {@link EntityManager}, noting the Hibernate session of every attempt. The table is the test's own
 * ({@code ddl-auto=none}).
 */
final class ResilientJpa {

	private ResilientJpa() {
	}

	static ApplicationContextRunner runner(String url, String username, String password) {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					HibernateJpaAutoConfiguration.class, DataJpaRepositoriesAutoConfiguration.class,
					TransactionAutoConfiguration.class, JdbcResilientDbAutoConfiguration.class,
					ResilientDbAutoConfiguration.class))
			.withUserConfiguration(Beans.class)
			.withPropertyValues("spring.datasource.url=" + url, "spring.datasource.username=" + username,
					"spring.datasource.password=" + password, "spring.datasource.hikari.connection-timeout=250",
					"spring.datasource.hikari.maximum-pool-size=4", "spring.datasource.hikari.minimum-idle=0",
					"spring.jpa.hibernate.ddl-auto=none", "spring.jpa.open-in-view=false",
					"resilientdb.datastores.jdbc.retry.max-retries=3", "resilientdb.datastores.jdbc.retry.delay=10ms",
					"resilientdb.datastores.jdbc.retry.max-delay=50ms",
					"resilientdb.datastores.jdbc.retry.budget.min-retries-per-second=1000",
					"resilientdb.datastores.jdbc.circuit-breaker.minimum-number-of-calls=2",
					"resilientdb.datastores.jdbc.circuit-breaker.slow-call-duration-threshold=30s");
	}

	static JpaCalls calls(ApplicationContext context) {
		return context.getBean(JpaCalls.class);
	}

	static JpaPetRepository pets(ApplicationContext context) {
		return context.getBean(JpaPetRepository.class);
	}

	/**
	 * One attempt of the work of a {@link JpaCalls} method.
	 *
	 * @param <T> the result type
	 */
	@FunctionalInterface
	interface JpaWork<T> {

		T attempt(EntityManager entityManager, int attempt);

	}

	/**
	 * The application's service: each method counts an attempt, notes its Hibernate session, then runs the test's
	 * work with the shared, transaction-scoped {@link EntityManager}.
	 */
	static class JpaCalls {

		@PersistenceContext
		private EntityManager entityManager;

		private final AtomicInteger attempts = new AtomicInteger();

		private final List<SessionImplementor> sessions = new ArrayList<>();

		int attempts() {
			return this.attempts.get();
		}

		List<SessionImplementor> sessions() {
			synchronized (this.sessions) {
				return List.copyOf(this.sessions);
			}
		}

		@ResilientDb(idempotency = Idempotency.NOT_IDEMPOTENT)
		@Transactional
		public <T> T transaction(JpaWork<T> work) {
			return attempt(work);
		}

		@ResilientDb(idempotency = Idempotency.NOT_IDEMPOTENT)
		@Transactional(isolation = Isolation.SERIALIZABLE)
		public <T> T serializableTransaction(JpaWork<T> work) {
			return attempt(work);
		}

		private <T> T attempt(JpaWork<T> work) {
			int attempt = this.attempts.incrementAndGet();
			synchronized (this.sessions) {
				this.sessions.add(this.entityManager.unwrap(SessionImplementor.class));
			}
			return work.attempt(this.entityManager, attempt);
		}

	}

	@Configuration(proxyBeanMethods = false)
	@EntityScan(basePackageClasses = JpaPet.class)
	@EnableJpaRepositories(basePackageClasses = JpaPet.class,
			includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = JpaPetRepository.class))
	static class Beans {

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		FailureLog failureLog() {
			return new FailureLog();
		}

		@Bean
		JpaCalls jpaCalls() {
			return new JpaCalls();
		}

	}

}
