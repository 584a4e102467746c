package io.github.resilientdb.mongo.integration;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.MongoTimeoutException;
import com.mongodb.client.MongoClient;
import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.engine.DatastoreType;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * "Was anything sent?" known from the driver's command events, over real connections to a wire-protocol server: a
 * plain not-idempotent method (not a repository, no transaction, so not atomic) whose only insert never reached the
 * server is retried; one whose first insert was applied and whose second never left is not.
 */
class MongoSendTrackingIntegrationTests {

	private static final String OPTIONS = "serverSelectionTimeoutMS=300&connectTimeoutMS=1000&heartbeatFrequencyMS=500"
			+ "&retryWrites=false&retryReads=false";

	@RegisterExtension
	final ProxiedMongoServer mongo = new ProxiedMongoServer();

	@Test
	void onlyInsertThatNeverReachedTheServerIsRetried() {
		this.mongo.proxy().refuseNewConnections();
		AccountsApplication.run(proxied(), Writers.class, (app) -> {
			assertThat(app.bean("mongoDatastoreType", DatastoreType.class).sendTracker()).isNotNull()
				.satisfies((tracker) -> assertThat(tracker.isTracked()).isTrue());
			List<Throwable> retried = app.onRetry((failure) -> {
				this.mongo.proxy().pass();
				app.commands().awaitWritable();
			});
			app.bean(Writer.class).insertOne("ada@example.com");
			assertThat(retried).singleElement()
				.satisfies((failure) -> assertThat(app.classify(failure)).isEqualTo(ErrorCategory.NOT_SENT));
			assertThat(app.bean(Writer.class).attempts()).isEqualTo(2);
			assertThat(app.commands().sent("insert")).as("the first attempt sent nothing").isOne();
			assertThat(stored()).isOne();
		}, MongoClassificationIntegrationTests.NOT_DECISIVE);
	}

	@Test
	void secondInsertThatNeverLeftAfterAnAppliedFirstIsNotRetried() {
		AccountsApplication.run(proxied(), Writers.class, (app) -> {
			List<Throwable> retried = app.recordRetries();
			MongoClient client = app.bean(MongoClient.class);
			Throwable failure = catchThrowable(() -> app.bean(Writer.class).insertTwo(() -> {
				this.mongo.proxy().refuseNewConnections();
				this.mongo.proxy().resetLiveConnections();
				MongoCommands.await(() -> !client.getClusterDescription().hasWritableServer(),
						"the driver sees the server gone");
			}));
			assertThat(failure).isInstanceOf(DataAccessResourceFailureException.class)
				.hasCauseInstanceOf(MongoTimeoutException.class);
			assertThat(app.classify(failure)).isEqualTo(ErrorCategory.NOT_SENT);
			assertThat(retried).as("the first insert was sent: not retried").isEmpty();
			assertThat(app.bean(Writer.class).attempts()).isOne();
			assertThat(stored()).as("the first insert, applied once").isOne();
		});
	}

	@Test
	void withTrackingOffTheAtomicRuleDecides() {
		this.mongo.proxy().refuseNewConnections();
		AccountsApplication.run(proxied(), Writers.class, (app) -> {
			assertThat(app.bean("mongoDatastoreType", DatastoreType.class).sendTracker()).isNull();
			Throwable failure = catchThrowable(() -> app.bean(Writer.class).insertOne("ada@example.com"));
			assertThat(app.classify(failure)).isEqualTo(ErrorCategory.NOT_SENT);
			assertThat(app.bean(Writer.class).attempts()).as("not atomic, not idempotent: not retried").isOne();
		}, "resilientdb.mongo.send-tracking.enabled=false");
	}

	private String proxied() {
		return "mongodb://127.0.0.1:" + this.mongo.proxy().port() + "/test?" + OPTIONS;
	}

	private long stored() {
		return this.mongo.direct().getDatabase("test").getCollection("accounts").countDocuments();
	}

	@Configuration(proxyBeanMethods = false)
	static class Writers {

		@Bean
		Writer writer(MongoTemplate template) {
			return new Writer(template);
		}

	}

	static class Writer {

		private final MongoTemplate template;

		private final AtomicInteger attempts = new AtomicInteger();

		Writer(MongoTemplate template) {
			this.template = template;
		}

		int attempts() {
			return this.attempts.get();
		}

		@ResilientDb(datastore = "mongo", idempotency = Idempotency.NOT_IDEMPOTENT)
		public void insertOne(String email) {
			this.attempts.incrementAndGet();
			this.template.insert(new Account(email));
		}

		@ResilientDb(datastore = "mongo", idempotency = Idempotency.NOT_IDEMPOTENT)
		public void insertTwo(Runnable between) {
			this.attempts.incrementAndGet();
			this.template.insert(new Account("first@example.com"));
			between.run();
			this.template.insert(new Account("second@example.com"));
		}

	}

}
