package io.github.resilientdb.mongo.integration;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoSocketReadTimeoutException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import com.mongodb.client.MongoClient;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.classify.ErrorCategory;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.domain.Sort.Direction;
import org.springframework.data.mongodb.core.index.Index;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * Real MongoDB failures, provoked on an in-memory wire-protocol server (mongo-java-server) over real connections and
 * seen through the MongoDB driver and a Spring Data repository in a Boot application: how {@code @ResilientDb}
 * classifies them, which it retries and which its circuit breaker counts. Attempts are counted by a
 * {@code CommandListener} on the application's {@code MongoClient}, retries of the driver's own included.
 * <p>
 * mongo-java-server presents itself as a standalone server without sessions ({@code logicalSessionTimeoutMinutes}
 * is absent), so the driver never retries a write against it; it does retry a read once (retryable reads need no
 * session). Tests of resilient-db's own read retries therefore turn the driver's off with {@code retryReads=false}.
 */
class MongoClassificationIntegrationTests {

	private static final String LOOPBACK = "127.0.0.1";

	/**
	 * A refused connection no longer opens the breaker on its own, so that it is retried like any failure proven not
	 * sent.
	 */
	static final String NOT_DECISIVE = "resilientdb.datastores.mongo.circuit-breaker.open-on-connection-failure=false";

	/**
	 * No retries by the driver, and time for its monitor to find the server again after a reset, so that the only
	 * failures are the ones a test provokes (the 2s default would fail a call after a reset as NOT_SENT, and retry it).
	 */
	private static final String WITHOUT_DRIVER_RETRIES = "retryReads=false&retryWrites=false"
			+ "&serverSelectionTimeoutMS=5000";

	private static final Duration LATENCY = Duration.ofMillis(500);

	@RegisterExtension
	final ProxiedMongoServer mongo = new ProxiedMongoServer();

	@Test
	void repositoryWithoutDatastoreIsInferredAsMongoBesideRedis() {
		AccountsApplication.run(this.mongo.connectionString(), (app) -> {
			app.accounts().insert(new Account("ada@example.com"));
			assertThat(app.accounts().findByEmail("ada@example.com")).hasSize(1);
			assertThat(app.breaker("mongo").getMetrics().getNumberOfSuccessfulCalls()).isEqualTo(2);
			assertThat(app.breaker("redis").getMetrics().getNumberOfBufferedCalls()).isZero();
		});
	}

	@Test
	void readMethodIsRetriedAfterConnectionResetMidCommand() {
		AccountsApplication.run(proxied(WITHOUT_DRIVER_RETRIES), (app) -> {
			app.accounts().insert(new Account("ada@example.com"));
			List<Throwable> retried = app.recordRetries();
			Object found = resetMidCommand(app, "find", () -> true,
					() -> app.accounts().findByEmail("ada@example.com"));
			assertThat(found).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(1);
			assertThat(retried).singleElement()
				.satisfies((failure) -> assertThat(failure).isInstanceOf(DataAccessResourceFailureException.class)
					.hasCauseInstanceOf(MongoSocketReadException.class))
				.satisfies((failure) -> assertThat(app.classify(failure)).isEqualTo(ErrorCategory.MAYBE_APPLIED));
			assertThat(app.commands().sent("find")).isEqualTo(2);
			assertThat(app.retries()).isOne();
		});
	}

	@Test
	void writeMethodsAreNotRetriedAfterConnectionResetMidCommand() {
		AccountsApplication.run(proxied(WITHOUT_DRIVER_RETRIES), (app) -> {
			app.accounts().count();
			Object inserted = resetMidCommand(app, "insert", () -> stored() == 1,
					() -> app.accounts().insert(new Account("ada@example.com")));
			assertThat(inserted).isInstanceOf(DataAccessResourceFailureException.class);
			assertThat(app.classify((Throwable) inserted)).isEqualTo(ErrorCategory.MAYBE_APPLIED);
			Object saved = resetMidCommand(app, "insert", () -> stored() == 2,
					() -> app.accounts().save(new Account("grace@example.com")));
			assertThat(saved).isInstanceOf(DataAccessResourceFailureException.class);
			assertThat(app.classify((Throwable) saved)).isEqualTo(ErrorCategory.MAYBE_APPLIED);
			assertThat(app.commands().sent("insert")).isEqualTo(2);
			assertThat(app.retries()).isZero();
			assertThat(stored()).as("each write applied exactly once, though both calls failed").isEqualTo(2);
		});
	}

	@Test
	void duplicateKeyIsBusinessErrorNeitherRetriedNorCounted() {
		AccountsApplication.run(this.mongo.connectionString(), (app) -> {
			app.template().indexOps(Account.class).createIndex(new Index("email", Direction.ASC).unique());
			app.accounts().insert(new Account("ada@example.com"));
			for (int call = 0; call < 20; call++) {
				Throwable thrown = catchThrowable(() -> app.accounts().insert(new Account("ada@example.com")));
				assertThat(thrown).isInstanceOf(DuplicateKeyException.class)
					.hasCauseInstanceOf(MongoWriteException.class);
				assertThat(((MongoWriteException) thrown.getCause()).getCode()).isEqualTo(11000);
				assertThat(app.classify(thrown)).isEqualTo(ErrorCategory.BUSINESS);
			}
			assertThat(app.commands().sent("insert")).isEqualTo(21);
			assertThat(app.retries()).isZero();
			CircuitBreaker breaker = app.breaker("mongo");
			assertThat(breaker.getState()).as("20 failures in a window of 10 would have opened it")
				.isEqualTo(CircuitBreaker.State.CLOSED);
			assertThat(breaker.getMetrics().getNumberOfFailedCalls()).isZero();
			assertThat(breaker.getMetrics().getNumberOfSuccessfulCalls()).isOne();
		}, "resilientdb.datastores.mongo.circuit-breaker.minimum-number-of-calls=5",
				"resilientdb.datastores.mongo.circuit-breaker.sliding-window-size=10");
	}

	@Test
	void refusedConnectionIsNotSentAndRetriedEvenWhenNotIdempotent() {
		this.mongo.proxy().refuseNewConnections();
		String uri = proxied("serverSelectionTimeoutMS=300&connectTimeoutMS=1000&heartbeatFrequencyMS=500");
		AccountsApplication.run(uri, (app) -> {
			List<Throwable> retried = app.onRetry((failure) -> {
				this.mongo.proxy().pass();
				app.commands().awaitWritable();
			});
			app.accounts().insert(new Account("ada@example.com"));
			assertThat(retried).singleElement()
				.satisfies((failure) -> assertThat(failure).isInstanceOf(DataAccessResourceFailureException.class)
					.hasCauseInstanceOf(MongoTimeoutException.class))
				.satisfies((failure) -> assertThat(app.classify(failure)).isEqualTo(ErrorCategory.NOT_SENT));
			assertThat(app.retries()).as("two attempts").isOne();
			assertThat(app.commands().sent("insert")).as("the first attempt sent nothing").isOne();
			assertThat(stored()).isOne();
		}, NOT_DECISIVE);
	}

	@Test
	void readTimeoutIsMaybeAppliedSoNotIdempotentInsertIsSentOnce() {
		AccountsApplication.run(proxied("socketTimeoutMS=1000"), (app) -> {
			app.accounts().count();
			this.mongo.proxy().blackhole();
			Throwable thrown = catchThrowable(() -> app.accounts().insert(new Account("ada@example.com")));
			assertThat(thrown).isInstanceOf(DataAccessResourceFailureException.class)
				.hasCauseInstanceOf(MongoSocketReadTimeoutException.class);
			assertThat(app.classify(thrown)).isEqualTo(ErrorCategory.MAYBE_APPLIED);
			assertThat(app.commands().sent("insert")).isOne();
			assertThat(app.retries()).isZero();
			this.mongo.proxy().pass();
			// The insert held back by the network reaches the server after all: it was "maybe applied" indeed.
			MongoCommands.await(() -> stored() == 1, "the late insert");
			assertThat(app.commands().sent("insert")).isOne();
		});
	}

	/**
	 * The driver retries a read once by itself after a network error, so resilient-db never sees that failure; it
	 * retries no write here (no sessions on this server), so resilient-db's refusal to repeat a {@code MAYBE_APPLIED}
	 * write is all that stands between the application and a duplicate. Against a replica set the driver would
	 * repeat the insert once with the same transaction number, which the server de-duplicates.
	 */
	@Test
	void driverRetriesReadsItselfButNoWritesOnStandaloneServer() {
		AccountsApplication.run(proxied(""), (app) -> {
			app.accounts().insert(new Account("ada@example.com"));
			Object found = resetMidCommand(app, "find", () -> true,
					() -> app.accounts().findByEmail("ada@example.com"));
			assertThat(found).asInstanceOf(InstanceOfAssertFactories.LIST).hasSize(1);
			assertThat(app.commands().sent("find")).as("the failed find and the driver's retry").isEqualTo(2);
			assertThat(app.retries()).isZero();

			Object inserted = resetMidCommand(app, "insert", () -> stored() == 2,
					() -> app.accounts().insert(new Account("grace@example.com")));
			assertThat(inserted).isInstanceOf(DataAccessResourceFailureException.class);
			int sentForFailedCall = app.commands().sent("insert") - 1;
			assertThat(sentForFailedCall).as("never more than the driver's own single retry").isLessThanOrEqualTo(2);
			assertThat(sentForFailedCall).as("no sessions on this server: the driver does not retry writes").isOne();
			assertThat(app.retries()).isZero();
			assertThat(stored()).isEqualTo(2);
		});
	}

	/**
	 * Every MongoDB error these tests can provoke for real, as Spring Data MongoDB throws it, and its category.
	 */
	@Test
	void classificationTableOfRealMongoErrors() {
		ClassificationTable table = new ClassificationTable();
		this.mongo.proxy().refuseNewConnections();
		AccountsApplication.run(proxied("serverSelectionTimeoutMS=300&connectTimeoutMS=1000"), (app) -> table.row(app,
				"no server selected in time: connection refused", MongoTimeoutException.class,
				() -> app.template().insert(new Account("ada@example.com")), ErrorCategory.NOT_SENT));
		this.mongo.proxy().pass();
		AccountsApplication.run(proxied("socketTimeoutMS=1000"), (app) -> {
			app.template().findAll(Account.class);
			this.mongo.proxy().blackhole();
			table.row(app, "socket read timeout", MongoSocketReadTimeoutException.class,
					() -> app.template().findAll(Account.class), ErrorCategory.MAYBE_APPLIED);
			this.mongo.proxy().pass();
		});
		AccountsApplication.run(proxied(WITHOUT_DRIVER_RETRIES), (app) -> {
			table.row(app, "connection reset while waiting for the answer", MongoSocketReadException.class,
					() -> rethrow(resetMidCommand(app, "find", () -> true,
							() -> app.template().findAll(Account.class))),
					ErrorCategory.MAYBE_APPLIED);
			app.template().indexOps(Account.class).createIndex(new Index("email", Direction.ASC).unique());
			app.template().insert(new Account("grace@example.com"));
			table.row(app, "E11000 duplicate key", MongoWriteException.class,
					() -> app.template().insert(new Account("grace@example.com")), ErrorCategory.BUSINESS);
			table.row(app, "TypeMismatch (14): $inc on a string", MongoWriteException.class,
					() -> app.template().updateMulti(new Query(), new Update().inc("email", 1), Account.class),
					ErrorCategory.BUSINESS);
			table.row(app, "BadValue (2): unknown query operator", MongoCommandException.class,
					() -> app.template().executeCommand(new Document("find", "accounts").append("filter",
							new Document("email", new Document("$bogus", 1)))),
					ErrorCategory.BUSINESS);
			table.row(app, "CommandNotFound (59)", MongoCommandException.class,
					() -> app.template().executeCommand(new Document("noSuchCommand", 1)), ErrorCategory.PERMANENT);
		});
		table.assertClassifications();
	}

	/**
	 * Runs a call while the network delays every byte, and resets the connection once the command is on its way
	 * and the server has (possibly) applied it, before the answer arrives.
	 * @return the call's result, or what it threw
	 */
	private Object resetMidCommand(AccountsApplication app, String command, BooleanSupplier applied,
			Supplier<Object> call) throws Exception {
		int sent = app.commands().sent(command);
		this.mongo.proxy().latency(LATENCY);
		CompletableFuture<Object> outcome = CompletableFuture.supplyAsync(() -> {
			try {
				return call.get();
			}
			catch (RuntimeException ex) {
				return ex;
			}
		});
		app.commands().awaitSent(command, sent + 1);
		Thread.sleep(LATENCY.toMillis() / 2);
		MongoCommands.await(applied, command + " applied");
		this.mongo.proxy().resetLiveConnections();
		this.mongo.proxy().pass();
		return outcome.get(30, TimeUnit.SECONDS);
	}

	private static void rethrow(Object outcome) {
		if (outcome instanceof RuntimeException failure) {
			throw failure;
		}
	}

	private String proxied(String options) {
		return "mongodb://" + LOOPBACK + ":" + this.mongo.proxy().port() + "/test"
				+ (options.isEmpty() ? "" : "?" + options);
	}

	/**
	 * How many accounts the server holds, asked over a connection of its own that no fault touches.
	 */
	private long stored() {
		return this.mongo.direct().getDatabase("test").getCollection("accounts").countDocuments();
	}

	/**
	 * Real errors and their classification, compared as a whole so that a failure shows the full table.
	 */
	private static final class ClassificationTable {

		private final Map<String, ErrorCategory> expected = new LinkedHashMap<>();

		private final Map<String, ErrorCategory> actual = new LinkedHashMap<>();

		void row(AccountsApplication app, String error, Class<? extends Throwable> driverException,
				ThrowingCallable provoke, ErrorCategory category) {
			Throwable thrown = catchThrowable(provoke);
			assertThat(thrown).as(error).hasCauseInstanceOf(driverException);
			this.expected.put(error, category);
			this.actual.put(error, app.classify(thrown));
		}

		void assertClassifications() {
			assertThat(this.actual).containsExactlyEntriesOf(this.expected);
		}

	}

}
