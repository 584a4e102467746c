package io.github.resilientdb.mongo;

import java.io.IOException;
import java.net.ConnectException;
import java.util.Arrays;
import java.util.List;

import com.mongodb.MongoCommandException;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoCredential;
import com.mongodb.MongoException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoSocketReadException;
import com.mongodb.MongoSocketWriteException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import com.mongodb.MongoWriteException;
import com.mongodb.ServerAddress;
import com.mongodb.WriteError;
import com.mongodb.bulk.WriteConcernError;
import com.mongodb.connection.ClusterId;
import com.mongodb.connection.ServerId;
import io.github.resilientdb.classify.ErrorCategory;
import org.bson.BsonArray;
import org.bson.BsonDocument;
import org.bson.BsonDouble;
import org.bson.BsonInt32;
import org.bson.BsonString;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.mongodb.UncategorizedMongoDbException;

import static org.assertj.core.api.Assertions.assertThat;

class MongoErrorClassifierTests {

	private static final ServerAddress ADDRESS = new ServerAddress("127.0.0.1", 27017);

	private final MongoErrorClassifier classifier = new MongoErrorClassifier();

	@ParameterizedTest(name = "code {0} ({1}) -> {2}")
	@CsvSource({
		"11000, DuplicateKey,                BUSINESS",
		"11001, DuplicateKey,                BUSINESS",
		"121,   DocumentValidationFailure,   BUSINESS",
		"2,     BadValue,                    BUSINESS",
		"26,    NamespaceNotFound,           BUSINESS",
		"13,    Unauthorized,                AUTHENTICATION",
		"18,    AuthenticationFailed,        AUTHENTICATION",
		"112,   WriteConflict,               ROLLED_BACK",
		"251,   NoSuchTransaction,           ROLLED_BACK",
		"10107, NotWritablePrimary,          REJECTED_BY_SERVER",
		"13435, NotPrimaryNoSecondaryOk,     REJECTED_BY_SERVER",
		"13436, NotPrimaryOrSecondary,       REJECTED_BY_SERVER",
		"91,    ShutdownInProgress,          MAYBE_APPLIED",
		"189,   PrimarySteppedDown,          MAYBE_APPLIED",
		"11600, InterruptedAtShutdown,       MAYBE_APPLIED",
		"11602, InterruptedDueToReplStateChange, MAYBE_APPLIED",
		"6,     HostUnreachable,             MAYBE_APPLIED",
		"7,     HostNotFound,                MAYBE_APPLIED",
		"89,    NetworkTimeout,              MAYBE_APPLIED",
		"9001,  SocketException,             MAYBE_APPLIED",
		"50,    MaxTimeMSExpired,            MAYBE_APPLIED",
		"262,   ExceededTimeLimit,           MAYBE_APPLIED",
		"8000,  AtlasError,                  PERMANENT" })
	void classifyShouldPlaceServerErrorCode(int code, String codeName, ErrorCategory expected) {
		assertThat(this.classifier.classify(commandFailure(code, codeName))).isEqualTo(expected);
	}

	@ParameterizedTest(name = "code {0} with {1} -> {2}")
	@CsvSource({
		"91,    RetryableWriteError,                     MAYBE_APPLIED",
		"10107, RetryableWriteError,                     MAYBE_APPLIED",
		"8000,  RetryableWriteError,                     MAYBE_APPLIED",
		"10107, RetryableWriteError NoWritesPerformed,   NOT_SENT",
		"91,    NoWritesPerformed,                       NOT_SENT",
		"112,   TransientTransactionError,               ROLLED_BACK",
		"251,   TransientTransactionError,               ROLLED_BACK",
		"91,    TransientTransactionError,               ROLLED_BACK",
		"11000, TransientTransactionError,               ROLLED_BACK",
		"13,    TransientTransactionError,               ROLLED_BACK" })
	void classifyShouldReadErrorLabels(int code, String labels, ErrorCategory expected) {
		assertThat(this.classifier.classify(commandFailure(code, "Error", labels.split(" ")))).isEqualTo(expected);
	}

	@Test
	void commandFailureShouldCarryLabelsOfServerReply() {
		MongoCommandException failure = commandFailure(91, "ShutdownInProgress", "RetryableWriteError");
		assertThat(failure.hasErrorLabel(MongoErrorClassifier.RETRYABLE_WRITE_ERROR)).isTrue();
		assertThat(failure.getCode()).isEqualTo(91);
	}

	@Test
	void classifyWhenSocketOpenFailsShouldReturnNotSent() {
		MongoSocketOpenException failure = new MongoSocketOpenException("Exception opening socket", ADDRESS,
				new ConnectException("Connection refused"));
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.NOT_SENT);
	}

	@Test
	void classifyWhenSocketReadFailsShouldReturnMaybeApplied() {
		MongoSocketReadException failure = new MongoSocketReadException("Prematurely reached end of stream", ADDRESS);
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.MAYBE_APPLIED);
	}

	@Test
	void classifyWhenSocketWriteFailsShouldReturnMaybeApplied() {
		MongoSocketWriteException failure = new MongoSocketWriteException("Exception sending message", ADDRESS,
				new IOException("Broken pipe"));
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.MAYBE_APPLIED);
	}

	@Test
	void classifyWhenSocketReadFailsAndDriverRetryWroteNothingShouldReturnNotSent() {
		MongoSocketReadException failure = new MongoSocketReadException("Prematurely reached end of stream", ADDRESS);
		failure.addLabel(MongoErrorClassifier.RETRYABLE_WRITE_ERROR);
		failure.addLabel(MongoErrorClassifier.NO_WRITES_PERFORMED);
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.NOT_SENT);
	}

	@Test
	void classifyWhenSocketReadFailsInTransactionShouldReturnRolledBack() {
		MongoSocketReadException failure = new MongoSocketReadException("Prematurely reached end of stream", ADDRESS);
		failure.addLabel(MongoErrorClassifier.TRANSIENT_TRANSACTION_ERROR);
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.ROLLED_BACK);
	}

	@Test
	void classifyWhenServerSelectionTimesOutShouldReturnNotSent() {
		MongoTimeoutException failure = new MongoTimeoutException(
				"Timed out while waiting for a server that matches WritableServerSelector");
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.NOT_SENT);
	}

	@Test
	void classifyWhenOperationTimesOutShouldReturnMaybeApplied() {
		MongoOperationTimeoutException failure = new MongoOperationTimeoutException("Operation exceeded timeoutMS");
		assertThat(failure).isInstanceOf(MongoTimeoutException.class);
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.MAYBE_APPLIED);
	}

	@Test
	void classifyWhenPoolClearedShouldReturnNotSent() {
		MongoConnectionPoolClearedException failure = new MongoConnectionPoolClearedException(
				new ServerId(new ClusterId(), ADDRESS), new MongoSocketReadException("reset", ADDRESS));
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.NOT_SENT);
	}

	@Test
	void classifyWhenAuthenticationFailsShouldReturnAuthentication() {
		MongoSecurityException failure = new MongoSecurityException(
				MongoCredential.createCredential("user", "admin", "secret".toCharArray()), "Exception authenticating");
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.AUTHENTICATION);
	}

	@Test
	void classifyWhenWriteConcernFailsShouldReturnMaybeApplied() {
		WriteConcernError error = new WriteConcernError(64, "WriteConcernFailed",
				"waiting for replication timed out", new BsonDocument());
		MongoWriteConcernException failure = new MongoWriteConcernException(error, ADDRESS);
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.MAYBE_APPLIED);
	}

	@Test
	void classifyWhenWriteConcernFailsAfterDriverRetryWroteNothingShouldReturnNotSent() {
		MongoWriteConcernException failure = new MongoWriteConcernException(
				new WriteConcernError(91, "ShutdownInProgress", "shutting down", new BsonDocument()), null, ADDRESS,
				List.of(MongoErrorClassifier.RETRYABLE_WRITE_ERROR, MongoErrorClassifier.NO_WRITES_PERFORMED));
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.NOT_SENT);
	}

	@Test
	void classifyWhenWriteFailsWithDuplicateKeyShouldReturnBusiness() {
		MongoWriteException failure = new MongoWriteException(
				new WriteError(11000, "E11000 duplicate key error", new BsonDocument()), ADDRESS);
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.BUSINESS);
	}

	@Test
	void classifyWhenClientSideFailureShouldReturnMaybeApplied() {
		assertThat(this.classifier.classify(new MongoException("state should be: open")))
			.isEqualTo(ErrorCategory.MAYBE_APPLIED);
	}

	@Test
	void classifyWhenWrappedBySpringDataShouldFindDriverException() {
		assertThat(this.classifier.classify(new DataAccessResourceFailureException("open",
				new MongoSocketOpenException("Exception opening socket", ADDRESS))))
			.isEqualTo(ErrorCategory.NOT_SENT);
		assertThat(this.classifier.classify(new DuplicateKeyException("duplicate",
				new MongoWriteException(new WriteError(11000, "E11000", new BsonDocument()), ADDRESS))))
			.isEqualTo(ErrorCategory.BUSINESS);
		assertThat(this.classifier
			.classify(new UncategorizedMongoDbException("shutdown", commandFailure(91, "ShutdownInProgress"))))
			.isEqualTo(ErrorCategory.MAYBE_APPLIED);
	}

	@Test
	void classifyWhenNotAMongoFailureShouldReturnNull() {
		assertThat(this.classifier.classify(new IllegalStateException("application"))).isNull();
		assertThat(this.classifier.classify(new DataAccessResourceFailureException("jdbc"))).isNull();
	}

	private static MongoCommandException commandFailure(int code, String codeName, String... labels) {
		BsonDocument response = new BsonDocument("ok", new BsonDouble(0)).append("code", new BsonInt32(code))
			.append("codeName", new BsonString(codeName))
			.append("errmsg", new BsonString(codeName + " failure"));
		if (labels.length > 0) {
			response.append("errorLabels",
					new BsonArray(Arrays.stream(labels).map(BsonString::new).toList()));
		}
		return new MongoCommandException(response, ADDRESS);
	}

}
