package io.github.resilientdb.jdbc.integration;

import java.sql.Connection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import io.github.resilientdb.jdbc.integration.ResilientJdbc.Failure;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.PrivateMariaDb;
import jakarta.persistence.LockModeType;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.dao.DataIntegrityViolationException;

import static io.github.resilientdb.classify.ErrorCategory.BUSINESS;
import static io.github.resilientdb.classify.ErrorCategory.ROLLED_BACK;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.breaker;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.firstFailure;
import static io.github.resilientdb.jdbc.integration.ResilientJpa.calls;
import static io.github.resilientdb.jdbc.integration.ResilientJpa.pets;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * JPA (Hibernate 7 and Spring Data JPA) behind {@code @ResilientDb} on a private MariaDB server: real errors are
 * classified through Hibernate's and Spring's wrapping, a retry gets a fresh persistence context, and the save of a
 * new entity with a generated id is never applied twice.
 */
class JpaMariaDbIntegrationTests {

	private final PrivateMariaDb mariaDb = PrivateMariaDb.shared();

	private final PlainConnection admin = PlainConnection.open(this.mariaDb.jdbcUrl(), this.mariaDb.user(),
			this.mariaDb.password());

	private FaultProxy proxy;

	@BeforeEach
	void createTable() {
		dropTable();
		this.admin.jdbc()
			.execute("create table jpa_pet (id bigint auto_increment primary key, name varchar(60) not null unique,"
					+ " visits int not null default 0) engine = InnoDB");
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
			assertThat(firstFailure(context)).isEqualTo(new Failure("40001", 1213, ROLLED_BACK));
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
			assertThat(firstFailure(context)).isEqualTo(new Failure("23000", 1062, BUSINESS));
			assertThat(JpaPet.persists).as("not retried").hasValue(4);
			assertThat(breaker(context).getMetrics().getNumberOfFailedCalls()).isZero();
			assertThat(pets(context).countByName("Leo")).isEqualTo(1);
		});
	}

	@Test
	void saveOfANewEntityRolledBackByTheServerIsRetriedAndAppliedOnce() {
		this.admin.jdbc().execute("create sequence jpa_fail_once");
		this.admin.jdbc()
			.execute("create trigger jpa_pet_fail_once before insert on jpa_pet for each row begin"
					+ " if new.name = 'retried' and nextval(jpa_fail_once) = 1 then"
					+ " signal sqlstate '40001' set mysql_errno = 1213, message_text = 'injected by the test';"
					+ " end if; end");
		direct().run((context) -> {
			JpaPet saved = pets(context).save(new JpaPet("retried"));
			assertThat(firstFailure(context)).isEqualTo(new Failure("40001", 1213, ROLLED_BACK));
			assertThat(JpaPet.persists).as("retried once").hasValue(2);
			assertThat(pets(context).countByName("retried")).isEqualTo(1);
			assertThat(pets(context).findById(saved.getId())).isPresent();
		});
	}

	@Test
	void saveOfANewEntityWhoseConnectionIsLostBeforeCommitIsRetriedAndAppliedOnce() {
		this.admin.jdbc()
			.execute("create trigger jpa_pet_slow after insert on jpa_pet for each row begin"
					+ " if new.name = 'connection-lost' then do sleep(1); end if; end");
		this.proxy = FaultProxy.to("127.0.0.1", this.mariaDb.port());
		String url = this.mariaDb.jdbcUrl().replace(":" + this.mariaDb.port() + "/", ":" + this.proxy.port() + "/");
		ResilientJpa.runner(url, this.mariaDb.user(), this.mariaDb.password()).run((context) -> {
			CompletableFuture<Void> cut = CompletableFuture.runAsync(() -> {
				PlainConnection.await("the insert runs its trigger", () -> sleepingSessions() > 0);
				this.proxy.resetLiveConnections();
			});
			JpaPet saved = pets(context).save(new JpaPet("connection-lost"));
			cut.get(10, TimeUnit.SECONDS);
			assertThat(cut).as("the connection was cut during the insert, before the commit").isCompleted();
			assertThat(firstFailure(context).category()).as("JPA's failed rollback: nothing was committed")
				.isEqualTo(ROLLED_BACK);
			assertThat(JpaPet.persists).as("retried once, in a fresh persistence context").hasValue(2);
			PlainConnection.await("the server ends the lost session", () -> sleepingSessions() == 0);
			assertThat(this.admin.jdbc()
				.queryForObject("select count(*) from jpa_pet where name = 'connection-lost'", Long.class))
				.as("the server rolled the lost transaction back; the retry applied it once").isOne();
			assertThat(saved.getId()).isNotNull();
		});
	}

	private ApplicationContextRunner direct() {
		return ResilientJpa.runner(this.mariaDb.jdbcUrl(), this.mariaDb.user(), this.mariaDb.password());
	}

	/**
	 * The bean locks Leo then Basil; a competitor holding Basil (and more rows, so that InnoDB prefers to roll the
	 * bean back) waits for Leo. InnoDB detects the deadlock as soon as the bean asks for Basil.
	 */
	private void deadlock(ApplicationContext context, AtomicBoolean firstPetManagedInRetry) throws Exception {
		String update = "update jpa_pet set visits = visits + 1 where name = ?";
		AtomicReference<CompletableFuture<Void>> competing = new AtomicReference<>();
		AtomicReference<JpaPet> firstAttemptLeo = new AtomicReference<>();
		try (PlainConnection competitor = PlainConnection.openTransaction(this.mariaDb.jdbcUrl(),
				this.mariaDb.user(), this.mariaDb.password(), Connection.TRANSACTION_REPEATABLE_READ)) {
			long competitorId = competitor.jdbc().queryForObject("select connection_id()", Long.class);
			competitor.jdbc().update(update, "Basil");
			competitor.jdbc().update("insert into jpa_pet (name) values ('c1'), ('c2'), ('c3'), ('c4'), ('c5')");
			try {
				calls(context).transaction((entityManager, attempt) -> {
					if (attempt > 1) {
						// Let the competitor, woken by the rollback, take Leo and commit before the retry asks.
						competing.get().orTimeout(10, TimeUnit.SECONDS).join();
					}
					JpaPet leo = entityManager
						.createQuery("select p from JpaPet p where p.name = 'Leo'", JpaPet.class)
						.setLockMode(LockModeType.PESSIMISTIC_WRITE)
						.getSingleResult();
					leo.visit(10);
					if (attempt == 1) {
						firstAttemptLeo.set(leo);
						competing.set(CompletableFuture.runAsync(() -> {
							competitor.jdbc().update(update, "Leo");
							competitor.commit();
						}));
						PlainConnection.await("the competitor waits for Leo", () -> this.admin.jdbc()
							.queryForObject("select count(*) from information_schema.innodb_trx"
									+ " where trx_mysql_thread_id = ? and trx_state = 'LOCK WAIT'", Integer.class,
									competitorId) > 0);
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

	private long sleepingSessions() {
		return this.admin.jdbc()
			.queryForObject("select count(*) from information_schema.processlist where state = 'User sleep'", Long.class);
	}

	private List<Integer> visits() {
		return this.admin.jdbc()
			.queryForList("select visits from jpa_pet where name in ('Leo', 'Basil') order by name desc", Integer.class);
	}

}
