package io.github.resilientdb.mongo;

import java.util.Set;

import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoSecurityException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoSocketOpenException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteConcernException;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassifier;
import io.github.resilientdb.classify.Throwables;
import org.jspecify.annotations.Nullable;

/**
 * Classifies MongoDB failures by exception type, error label and server error code.
 * <p>
 * The driver's own retryable writes repeat a write once with the same transaction number, which the server
 * de-duplicates; a repeat by resilient-db would be a new write. So a failure carrying the driver's
 * {@code RetryableWriteError} label, which means the driver may already have sent the write twice, is
 * {@link ErrorCategory#MAYBE_APPLIED} unless the driver also says {@code NoWritesPerformed}.
 */
public final class MongoErrorClassifier implements ErrorClassifier {

	static final String TRANSIENT_TRANSACTION_ERROR = "TransientTransactionError";

	static final String RETRYABLE_WRITE_ERROR = "RetryableWriteError";

	static final String NO_WRITES_PERFORMED = "NoWritesPerformed";

	private static final Set<Integer> DUPLICATE_KEY = Set.of(11000, 11001, 12582);

	private static final int DOCUMENT_VALIDATION_FAILURE = 121;

	private static final Set<Integer> NOT_PRIMARY = Set.of(10107, 13435, 13436);

	private static final Set<Integer> INTERRUPTED = Set.of(91, 189, 11600, 11602, 6, 7, 89, 9001, 50, 262);

	private static final Set<Integer> CONTENTION = Set.of(112, 251);

	private static final Set<Integer> AUTHENTICATION = Set.of(11, 13, 18);

	private static final Set<Integer> BAD_REQUEST = Set.of(2, 9, 14, 16, 20, 26, 40, 52, 55, 56, 57, 66, 72, 73, 17280);

	@Override
	public @Nullable ErrorCategory classify(Throwable error) {
		MongoException mongo = Throwables.find(error, MongoException.class);
		if (mongo == null) {
			return null;
		}
		if (mongo.hasErrorLabel(TRANSIENT_TRANSACTION_ERROR)) {
			return ErrorCategory.ROLLED_BACK;
		}
		if (mongo.hasErrorLabel(NO_WRITES_PERFORMED)) {
			return ErrorCategory.NOT_SENT;
		}
		if (mongo instanceof MongoSecurityException) {
			return ErrorCategory.AUTHENTICATION;
		}
		if (mongo instanceof MongoOperationTimeoutException) {
			return ErrorCategory.MAYBE_APPLIED;
		}
		if (mongo instanceof MongoTimeoutException || mongo instanceof MongoSocketOpenException
				|| mongo instanceof MongoConnectionPoolClearedException) {
			return ErrorCategory.NOT_SENT;
		}
		if (mongo instanceof MongoSocketException || mongo instanceof MongoWriteConcernException) {
			return ErrorCategory.MAYBE_APPLIED;
		}
		return classifyCode(mongo);
	}

	private static ErrorCategory classifyCode(MongoException mongo) {
		int code = mongo.getCode();
		if (DUPLICATE_KEY.contains(code) || code == DOCUMENT_VALIDATION_FAILURE || BAD_REQUEST.contains(code)) {
			return ErrorCategory.BUSINESS;
		}
		if (AUTHENTICATION.contains(code)) {
			return ErrorCategory.AUTHENTICATION;
		}
		if (CONTENTION.contains(code)) {
			return ErrorCategory.ROLLED_BACK;
		}
		if (NOT_PRIMARY.contains(code)) {
			return mongo.hasErrorLabel(RETRYABLE_WRITE_ERROR) ? ErrorCategory.MAYBE_APPLIED
					: ErrorCategory.REJECTED_BY_SERVER;
		}
		if (INTERRUPTED.contains(code) || mongo.hasErrorLabel(RETRYABLE_WRITE_ERROR)) {
			return ErrorCategory.MAYBE_APPLIED;
		}
		return (mongo instanceof MongoServerException) ? ErrorCategory.PERMANENT : ErrorCategory.MAYBE_APPLIED;
	}

}
