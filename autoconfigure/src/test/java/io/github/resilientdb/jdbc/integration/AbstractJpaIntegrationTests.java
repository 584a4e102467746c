package io.github.resilientdb.jdbc.integration;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.BooleanSupplier;

import io.github.resilientdb.jdbc.integration.ResilientJdbc.Failure;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.JdbcServer;
import jakarta.persistence.EntityManager;
import jakarta.persistence.LockModeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DataIntegrityViolationException;

import static io.github.resilientdb.jdbc.integration.ResilientJdbc.breaker;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.firstFailure;
import static io.github.resilientdb.jdbc.integration.ResilientJpa.calls;
import static io.github.resilientdb.jdbc.integration.ResilientJpa.pets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The JPA integration tests every database runs alike: a {@code jpa_pet} table holding Leo and Basil, made afresh
 * for each test through a plain admin connection; a deadlock in which the bean locks Leo then Basil while a competitor
 * holding Basil waits for Leo; and the tests that differ only by the database's error codes. A subclass names its
 * server and supplies what its database does its own way.
 */
abstract class AbstractJpaIntegrationTests {

	private static final String UPDATE = "update jpa_pet set visits = visits + 1 where name = ?";

	final JdbcServer server;

	final PlainConnection admin;

	FaultProxy proxy;

	AbstractJpaIntegrationTests(JdbcServer server) {
		this.server = server;
		this.admin = PlainConnection.open(server.jdbcUrl(), server.user(), server.password());
	}

	/**
	 * The statement creating {@code jpa_pet (id, name, visits)}: a generated id, a unique name, visits 0 by default.
	 */
	abstract String createTableStatement();

	/**
	 * What the deadlock's first attempt fails with.
	 */
	abstract Failure deadlockFailure();

	/**
	 * What the insert of a second Leo fails with.
	 */
	abstract Failure duplicateNameFailure();

	/**
	 * Opens the competitor's transaction, set up so that the bean is the deadlock's victim.
	 */
	abstract PlainConnection openCompetitor();

	/**
	 * Makes the competitor lock Basil with {@code update}, and says how to see it wait for a lock.
	 * @param competitor the competitor's transaction
	 * @param update the update of one pet's visits, by name
	 * @return whether the competitor waits for a lock
	 */
	abstract BooleanSupplier lockBasil(PlainConnection competitor, String update);

	/**
	 * Runs first in each attempt of the deadlocked bean.
	 * @param entityManager the attempt's entity manager
	 */
	void beforeLockingLeo(EntityManager entityManager) {
	}

	/**
	 * Drops the triggers a test added that do not go with the table.
	 */
	void dropTriggers() {
	}

	@BeforeEach
	void createTable() {
		dropTable();
		this.admin.jdbc().execute(createTableStatement());
		this.admin.jdbc().update("insert into jpa_pet (name) values ('Leo'), ('Basil')");
		JpaPet.persists.set(0);
	}

	@AfterEach
	void dropTable() {
		if (this.proxy != null) {
			this.proxy.close();
		}
		this.admin.jdbc().execute("drop table if exists jpa_pet");
		this.admin.jdbc().execute("drop sequence if exists jpa_fail_once");
		dropTriggers();
	}

	@AfterEach
	void close() {
		this.admin.close();
	}

	@Test
	void deadlockThroughHibernateIsRetriedInAFreshPersistenceContext() {
		AtomicBoolean firstPetManagedInRetry = new AtomicBoolean(true);
		direct().run((context) -> {
			deadlock(context, firstPetManagedInRetry);
			assertThat(calls(context).attempts()).isEqualTo(2);
			assertThat(firstFailure(context)).isEqualTo(deadlockFailure());
			assertThat(calls(context).sessions()).as("one Hibernate session per attempt").doesNotHaveDuplicates();
			assertThat(firstPetManagedInRetry).as("the first attempt's entities are not in the retry's context")
				.isFalse();
			assertThat(visits()).as("the competitor's and the retried transaction's updates, once each")
				.containsExactly(11, 11);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isZero();
		});
	}

	@Test
	void constraintViolationThroughSpringDataJpaIsNeitherRetriedNorABreakerFailure() {
		direct().run((context) -> {
			for (int call = 0; call < 4; call++) {
				assertThatExceptionOfType(DataIntegrityViolationException.class)
					.isThrownBy(() -> pets(context).save(new JpaPet("Leo")));
			}
			assertThat(firstFailure(context)).isEqualTo(duplicateNameFailure());
			assertThat(JpaPet.persists).as("not retried").hasValue(4);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isZero();
			assertThat(pets(context).countByName("Leo")).isEqualTo(1);
		});
	}

	ApplicationContextRunner direct() {
		return ResilientJpa.runner(this.server.jdbcUrl(), this.server.user(), this.server.password());
	}

	/**
	 * An application whose connections go through a {@link FaultProxy} in front of the server, closed after the test.
	 */
	ApplicationContextRunner throughProxy() {
		this.proxy = FaultProxy.to("127.0.0.1", this.server.port());
		String url = this.server.jdbcUrl()
			.replace(":" + this.server.port() + "/", ":" + this.proxy.port() + "/");
		return ResilientJpa.runner(url, this.server.user(), this.server.password());
	}

	/**
	 * The bean locks Leo then Basil; a competitor holding Basil waits for Leo. The database rolls the bean back, the
	 * competitor then takes Leo and commits, and the retry runs after it.
	 */
	void deadlock(ApplicationContext context, AtomicBoolean firstPetManagedInRetry) throws Exception {
		AtomicReference<CompletableFuture<Void>> competing = new AtomicReference<>();
		AtomicReference<JpaPet> firstAttemptLeo = new AtomicReference<>();
		try (PlainConnection competitor = openCompetitor()) {
			BooleanSupplier competitorWaits = lockBasil(competitor, UPDATE);
			try {
				calls(context).transaction((entityManager, attempt) -> {
					if (attempt > 1) {
						// Let the competitor, woken by the rollback, take Leo and commit before the retry asks.
						competing.get().orTimeout(10, TimeUnit.SECONDS).join();
					}
					beforeLockingLeo(entityManager);
					JpaPet leo = entityManager
						.createQuery("select p from JpaPet p where p.name = 'Leo'", JpaPet.class)
						.setLockMode(LockModeType.PESSIMISTIC_WRITE)
						.getSingleResult();
					leo.visit(10);
					if (attempt == 1) {
						firstAttemptLeo.set(leo);
						competing.set(CompletableFuture.runAsync(() -> {
							competitor.jdbc().update(UPDATE, "Leo");
							competitor.commit();
						}));
						PlainConnection.await("the competitor waits for Leo", competitorWaits);
					}
					else {
						firstPetManagedInRetry.set(entityManager.contains(firstAttemptLeo.get()));
					}
					JpaPet basil = entityManager
						.createQuery("select p from JpaPet p where p.name = 'Basil'", JpaPet.class)
						.setLockMode(LockModeType.PESSIMISTIC_WRITE)
						.getSingleResult();
					basil.visit(10);
					return null;
				});
			}
			finally {
				if (competing.get() != null) {
					competing.get().get(10, TimeUnit.SECONDS);
				}
			}
		}
	}

	List<Integer> visits() {
		return this.admin.jdbc()
			.queryForList("select visits from jpa_pet where name in ('Leo', 'Basil') order by name desc", Integer.class);
	}

}
