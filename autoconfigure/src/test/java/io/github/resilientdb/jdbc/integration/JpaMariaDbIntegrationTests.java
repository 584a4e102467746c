package io.github.resilientdb.jdbc.integration;

import java.sql.Connection;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.github.resilientdb.jdbc.integration.ResilientJdbc.Failure;
import io.github.resilientdb.test.server.PrivateMariaDb;
import org.junit.jupiter.api.Test;

import static io.github.resilientdb.classify.ErrorCategory.BUSINESS;
import static io.github.resilientdb.classify.ErrorCategory.ROLLED_BACK;
import static io.github.resilientdb.jdbc.integration.ResilientJdbc.firstFailure;
import static io.github.resilientdb.jdbc.integration.ResilientJpa.pets;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * JPA (Hibernate 7 and Spring Data JPA) behind {@code @ResilientDb} on a private MariaDB server: real errors are
 * classified through Hibernate's and Spring's wrapping, a retry gets a fresh persistence context, and the save of a
 * new entity with a generated id is never applied twice.
 */
class JpaMariaDbIntegrationTests extends AbstractJpaIntegrationTests {

	JpaMariaDbIntegrationTests() {
		super(PrivateMariaDb.shared());
	}

	@Override
	String createTableStatement() {
		return "create table jpa_pet (id bigint auto_increment primary key, name varchar(60) not null unique,"
				+ " visits int not null default 0) engine = InnoDB";
	}

	@Override
	Failure deadlockFailure() {
		return new Failure("40001", 1213, ROLLED_BACK);
	}

	@Override
	Failure duplicateNameFailure() {
		return new Failure("23000", 1062, BUSINESS);
	}

	@Override
	PlainConnection openCompetitor() {
		return PlainConnection.openTransaction(this.server.jdbcUrl(), this.server.user(), this.server.password(),
				Connection.TRANSACTION_REPEATABLE_READ);
	}

	/**
	 * The competitor holds Basil and more rows, so that InnoDB prefers to roll the bean back; InnoDB detects the
	 * deadlock as soon as the bean asks for Basil.
	 */
	@Override
	BooleanSupplier lockBasil(PlainConnection competitor, String update) {
		long competitorId = competitor.jdbc().queryForObject("select connection_id()", Long.class);
		competitor.jdbc().update(update, "Basil");
		competitor.jdbc().update("insert into jpa_pet (name) values ('c1'), ('c2'), ('c3'), ('c4'), ('c5')");
		return () -> this.admin.jdbc()
			.queryForObject("select count(*) from information_schema.innodb_trx"
					+ " where trx_mysql_thread_id = ? and trx_state = 'LOCK WAIT'", Integer.class, competitorId) > 0;
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
		throughProxy().run((context) -> {
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

	private long sleepingSessions() {
		return this.admin.jdbc()
			.queryForObject("select count(*) from information_schema.processlist where state = 'User sleep'", Long.class);
	}

}
