package io.github.resilientdb.classify;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.TransientDataAccessResourceException;
import org.springframework.transaction.TransactionSystemException;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorClassificationTests {

	@Test
	void classifyShouldReturnFirstNonNullAnswer() {
		List<String> asked = new ArrayList<>();
		ErrorClassification classification = new ErrorClassification(
				List.of(recording(asked, "first", null), recording(asked, "second", ErrorCategory.ROLLED_BACK),
						recording(asked, "third", ErrorCategory.BUSINESS)));
		assertThat(classification.classify(new IllegalStateException())).isEqualTo(ErrorCategory.ROLLED_BACK);
		assertThat(asked).containsExactly("first", "second");
	}

	@Test
	void classifyWhenNoClassifierRecognisesFailureShouldReturnNotADatabaseError() {
		ErrorClassification classification = new ErrorClassification(List.of((error) -> null));
		assertThat(classification.classify(new IllegalStateException())).isEqualTo(ErrorCategory.NOT_A_DATABASE_ERROR);
	}

	@Test
	void classifyWithoutClassifiersShouldReturnNotADatabaseError() {
		assertThat(new ErrorClassification(List.of()).classify(new RuntimeException()))
			.isEqualTo(ErrorCategory.NOT_A_DATABASE_ERROR);
	}

	@Test
	void classifyWhenRollbackFailedAfterTheMethodFailedShouldClassifyTheMethodsFailure() {
		ErrorClassification classification = new ErrorClassification(List.of(new DataAccessErrorClassifier()));
		TransactionSystemException rollbackFailed = new TransactionSystemException("JDBC rollback failed",
				new IllegalStateException("Connection is closed"));
		rollbackFailed.initApplicationException(new DataAccessResourceFailureException("I/O error"));
		assertThat(classification.classify(rollbackFailed)).isEqualTo(ErrorCategory.MAYBE_APPLIED);
	}

	@Test
	void classifyWhenCommitFailedShouldClassifyTheCommitsFailure() {
		ErrorClassification classification = new ErrorClassification(List.of(new DataAccessErrorClassifier()));
		TransactionSystemException commitFailed = new TransactionSystemException("JDBC commit failed",
				new TransientDataAccessResourceException("connection lost"));
		assertThat(classification.classify(commitFailed)).isEqualTo(ErrorCategory.MAYBE_APPLIED);
	}

	@Test
	void classifyWhenTransactionSystemExceptionHasNoCauseShouldClassifyItAsIs() {
		List<Throwable> seen = new ArrayList<>();
		ErrorClassification classification = new ErrorClassification(List.of((error) -> {
			seen.add(error);
			return null;
		}));
		TransactionSystemException failure = new TransactionSystemException("no cause");
		assertThat(classification.classify(failure)).isEqualTo(ErrorCategory.NOT_A_DATABASE_ERROR);
		assertThat(seen).containsExactly(failure);
	}

	@Test
	void classificationShouldNotBeAClassifier() {
		assertThat(ErrorClassifier.class.isAssignableFrom(ErrorClassification.class)).isFalse();
	}

	private static ErrorClassifier recording(List<String> asked, String name, ErrorCategory answer) {
		return (error) -> {
			asked.add(name);
			return answer;
		};
	}

}
