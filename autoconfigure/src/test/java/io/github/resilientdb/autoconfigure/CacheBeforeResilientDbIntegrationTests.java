package io.github.resilientdb.autoconfigure;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.springboot.bulkhead.autoconfigure.BulkheadAutoConfiguration;
import io.github.resilience4j.springboot.circuitbreaker.autoconfigure.CircuitBreakerAutoConfiguration;
import io.github.resilience4j.springboot.retry.autoconfigure.RetryAutoConfiguration;
import io.github.resilientdb.DatabaseUnavailableException;
import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.test.server.PrivatePostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.jdbc.autoconfigure.DataJdbcRepositoriesAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceTransactionManagerAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.transaction.autoconfigure.TransactionAutoConfiguration;
import org.springframework.cache.CacheManager;
import org.springframework.cache.annotation.Cacheable;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.cache.concurrent.ConcurrentMapCacheManager;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan.Filter;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.FilterType;
import org.springframework.data.annotation.Id;
import org.springframework.data.jdbc.repository.config.EnableJdbcRepositories;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.data.repository.ListCrudRepository;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Spring's cache abstraction answers before {@code @ResilientDb}: on a real PostgreSQL server, a cache hit is served
 * while the breaker is forced open and is never recorded by the breaker, and a miss runs behind the policy (refused
 * while open, retried in a fresh transaction otherwise). Proven on a Spring Data JDBC repository and on a service.
 */
class CacheBeforeResilientDbIntegrationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				DataSourceTransactionManagerAutoConfiguration.class, JdbcTemplateAutoConfiguration.class,
				TransactionAutoConfiguration.class, DataJdbcRepositoriesAutoConfiguration.class,
				CircuitBreakerAutoConfiguration.class, RetryAutoConfiguration.class, BulkheadAutoConfiguration.class,
				JdbcResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class))
		.withUserConfiguration(CachingConfiguration.class)
		.withPropertyValues("spring.datasource.url=" + PrivatePostgres.shared().jdbcUrl(),
				"spring.datasource.username=" + PrivatePostgres.shared().user(),
				"resilientdb.datastores.jdbc.retry.delay=5ms", "resilientdb.datastores.jdbc.retry.max-delay=20ms",
				"resilientdb.datastores.jdbc.circuit-breaker.minimum-number-of-calls=100");

	@Test
	void repositoryCacheHitIsServedWhileTheBreakerIsOpenAndNeverCounted() {
		this.runner.run((context) -> {
			createVets(context);
			VetRepository vets = context.getBean(VetRepository.class);
			assertThat(vets.findAll()).extracting(Vet::name).containsExactlyInAnyOrder("Carter", "Leary");
			CircuitBreaker breaker = breaker(context);
			assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).as("the miss ran behind the policy")
				.isEqualTo(1);
			context.getBean(JdbcTemplate.class).update("delete from cached_vet");
			for (int i = 0; i < 5; i++) {
				assertThat(vets.findAll()).as("answered by the cache").hasSize(2);
			}
			assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).as("hits are no breaker outcome").isEqualTo(1);
			breaker.transitionToForcedOpenState();
			assertThat(vets.findAll()).as("a hit while the breaker is open").hasSize(2);
			assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isZero();
			assertThatExceptionOfType(DatabaseUnavailableException.class).as("a miss while the breaker is open")
				.isThrownBy(() -> vets.findById(1));
			assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(1);
		});
	}

	@Test
	void serviceCacheHitIsServedWhileTheBreakerIsOpenAndAMissIsRefused() {
		this.runner.run((context) -> {
			createVets(context);
			VetNames names = context.getBean(VetNames.class);
			assertThat(names.name(1)).isEqualTo("Carter");
			assertThat(names.name(1)).isEqualTo("Carter");
			assertThat(names.invocations()).isEqualTo(1);
			CircuitBreaker breaker = breaker(context);
			assertThat(breaker.getMetrics().getNumberOfBufferedCalls()).as("the hit is no breaker outcome").isEqualTo(1);
			breaker.transitionToForcedOpenState();
			for (int i = 0; i < 5; i++) {
				assertThat(names.name(1)).isEqualTo("Carter");
			}
			assertThat(breaker.getMetrics().getNumberOfNotPermittedCalls()).isZero();
			assertThatExceptionOfType(DatabaseUnavailableException.class).isThrownBy(() -> names.name(2));
			assertThat(names.invocations()).as("the refused miss never reached the method").isEqualTo(1);
		});
	}

	@Test
	void transactionalCachedMissIsRetriedInAFreshTransactionThenCached() {
		this.runner.run((context) -> {
			createVets(context);
			VetNames names = context.getBean(VetNames.class);
			assertThat(names.nameAfterSerializationFailure(2)).isEqualTo("Leary");
			assertThat(names.invocations()).as("the miss was retried").isEqualTo(2);
			assertThat(names.transactionWasActive()).isTrue();
			breaker(context).transitionToForcedOpenState();
			assertThat(names.nameAfterSerializationFailure(2)).isEqualTo("Leary");
			assertThat(names.invocations()).isEqualTo(2);
		});
	}

	private static void createVets(AssertableApplicationContext context) {
		JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
		jdbc.execute("drop table if exists cached_vet");
		jdbc.execute("create table cached_vet (id int primary key, name varchar(40))");
		jdbc.update("insert into cached_vet values (1, 'Carter'), (2, 'Leary')");
	}

	private static CircuitBreaker breaker(AssertableApplicationContext context) {
		return context.getBean(ResilientDbRegistries.class).circuitBreakers().circuitBreaker("jdbc");
	}

	@Configuration(proxyBeanMethods = false)
	@EnableCaching
	@EnableJdbcRepositories(considerNestedRepositories = true, basePackageClasses = VetRepository.class,
			includeFilters = @Filter(type = FilterType.ASSIGNABLE_TYPE, classes = VetRepository.class))
	static class CachingConfiguration {

		@Bean
		CacheManager cacheManager() {
			return new ConcurrentMapCacheManager();
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		VetNames vetNames(JdbcTemplate jdbc) {
			return new VetNames(jdbc);
		}

	}

	@Table("cached_vet")
	record Vet(@Id Integer id, String name) {
	}

	@ResilientDb(datastore = "jdbc")
	interface VetRepository extends ListCrudRepository<Vet, Integer> {

		@Override
		@Cacheable("vets")
		List<Vet> findAll();

	}

	static class VetNames {

		private final JdbcTemplate jdbc;

		private final AtomicInteger invocations = new AtomicInteger();

		private volatile boolean transactionWasActive;

		VetNames(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		int invocations() {
			return this.invocations.get();
		}

		boolean transactionWasActive() {
			return this.transactionWasActive;
		}

		@ResilientDb(datastore = "jdbc")
		@Cacheable("vet-names")
		public String name(int id) {
			this.invocations.incrementAndGet();
			return this.jdbc.queryForObject("select name from cached_vet where id = ?", String.class, id);
		}

		@ResilientDb(datastore = "jdbc", idempotency = Idempotency.IDEMPOTENT)
		@Cacheable("vet-names-tx")
		@Transactional
		public String nameAfterSerializationFailure(int id) {
			this.transactionWasActive = TransactionSynchronizationManager.isActualTransactionActive();
			if (this.invocations.incrementAndGet() == 1) {
				this.jdbc.execute("do $$ begin raise exception 'injected by the test' using errcode = '40001'; end $$");
			}
			return this.jdbc.queryForObject("select name from cached_vet where id = ?", String.class, id);
		}

	}

}
