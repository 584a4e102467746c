package io.github.resilientdb.mongo.integration;

import java.util.List;

import com.mongodb.MongoException;
import com.mongodb.client.ClientSession;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.Throwables;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import org.bson.Document;
import org.bson.types.ObjectId;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort.Direction;
import org.springframework.data.mongodb.core.index.Index;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The classifications only a real MongoDB (a single-node replica set in Docker) can show: a write conflict between
 * two transactions ({@code TransientTransactionError}) and the duplicate key error of a real server. Skipped where
 * no Docker engine is available.
 */
@Testcontainers(disabledWithoutDocker = true)
class MongoTestcontainersIntegrationTests {

	@Container
	static final MongoDBContainer mongo = new MongoDBContainer("mongo:8.0").withReplicaSet();

	@Test
	void duplicateKeyIsBusinessErrorNeitherRetriedNorCounted() {
		AccountsApplication.run(mongo.getReplicaSetUrl("duplicates"), (app) -> {
			app.template().indexOps(Account.class).createIndex(new Index("email", Direction.ASC).unique());
			app.accounts().insert(new Account("ada@example.com"));
			Throwable thrown = catchThrowable(() -> app.accounts().insert(new Account("ada@example.com")));
			assertThat(thrown).isInstanceOf(DuplicateKeyException.class);
			assertThat(Throwables.find(thrown, MongoException.class).getCode()).isEqualTo(11000);
			assertThat(app.classify(thrown)).isEqualTo(ErrorCategory.BUSINESS);
			assertThat(app.commands().sent("insert")).isEqualTo(2);
			assertThat(app.retries()).isZero();
			assertThat(app.breaker("mongo").getMetrics().getNumberOfFailedCalls()).isZero();
		});
	}

	/**
	 * A transaction that writes a document another open transaction has written fails at once with
	 * {@code WriteConflict} and the {@code TransientTransactionError} label: rolled back, so resilient-db repeats the
	 * whole transaction even though it is not idempotent, and its breaker does not count the contention.
	 */
	@Test
	void writeConflictIsTransientTransactionErrorRetriedAsAWholeAndNotCounted() {
		AccountsApplication.run(mongo.getReplicaSetUrl("conflicts"), RenamingConfiguration.class, (app) -> {
			String id = app.accounts().insert(new Account("ada@example.com")).getId();
			MongoClient client = app.bean(MongoClient.class);
			MongoCollection<Document> accounts = client.getDatabase("conflicts").getCollection("accounts");
			try (ClientSession holder = client.startSession()) {
				holder.startTransaction();
				accounts.updateOne(holder, Filters.eq("_id", new ObjectId(id)),
						Updates.set("email", "held@example.com"));
				List<Throwable> retried = app.onRetry((failure) -> holder.commitTransaction());
				app.bean(Renaming.class).rename(id, "grace@example.com");
				assertThat(retried).singleElement().satisfies((failure) -> {
					MongoException conflict = Throwables.find(failure, MongoException.class);
					assertThat(conflict.getCode()).isEqualTo(112);
					assertThat(conflict.hasErrorLabel("TransientTransactionError")).isTrue();
					assertThat(app.classify(failure)).isEqualTo(ErrorCategory.ROLLED_BACK);
				});
			}
			assertThat(app.accounts().findById(id)).get().extracting(Account::getEmail).isEqualTo("grace@example.com");
			assertThat(app.retries()).isOne();
			CircuitBreaker breaker = app.breaker("mongo");
			assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class RenamingConfiguration {

		@Bean
		Renaming renaming(MongoClient client) {
			return new Renaming(client);
		}

	}

	/**
	 * Renames an account in a transaction of its own, with the driver's API.
	 */
	static class Renaming {

		private final MongoClient client;

		Renaming(MongoClient client) {
			this.client = client;
		}

		@ResilientDb(datastore = "mongo", idempotency = Idempotency.NOT_IDEMPOTENT)
		public void rename(String id, String email) {
			try (ClientSession session = this.client.startSession()) {
				session.startTransaction();
				this.client.getDatabase("conflicts")
					.getCollection("accounts")
					.updateOne(session, Filters.eq("_id", new ObjectId(id)), Updates.set("email", email));
				session.commitTransaction();
			}
		}

	}

}
