package io.github.resilientdb.classify;

import java.time.Duration;
import java.util.stream.Stream;

import io.github.resilientdb.DatabaseUnavailableException;
import io.github.resilientdb.Durability;
import io.github.resilientdb.DurabilityException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.InvalidDataAccessApiUsageException;
import org.springframework.dao.OptimisticLockingFailureException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.PessimisticLockingFailureException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.dao.RecoverableDataAccessException;
import org.springframework.dao.TransientDataAccessResourceException;

import static org.assertj.core.api.Assertions.assertThat;

class DataAccessErrorClassifierTests {

	private final DataAccessErrorClassifier classifier = new DataAccessErrorClassifier();

	static Stream<Arguments> failures() {
		return Stream.of(
				Arguments.of(new PermissionDeniedDataAccessException("denied", null), ErrorCategory.AUTHENTICATION),
				Arguments.of(new OptimisticLockingFailureException("stale"), ErrorCategory.BUSINESS),
				Arguments.of(new CannotAcquireLockException("lock"), ErrorCategory.ROLLED_BACK),
				Arguments.of(new PessimisticLockingFailureException("lock"), ErrorCategory.ROLLED_BACK),
				Arguments.of(new QueryTimeoutException("timeout"), ErrorCategory.MAYBE_APPLIED),
				Arguments.of(new DataAccessResourceFailureException("reset"), ErrorCategory.MAYBE_APPLIED),
				Arguments.of(new TransientDataAccessResourceException("transient"), ErrorCategory.MAYBE_APPLIED),
				Arguments.of(new DuplicateKeyException("duplicate"), ErrorCategory.BUSINESS),
				Arguments.of(new DataIntegrityViolationException("constraint"), ErrorCategory.BUSINESS),
				Arguments.of(new InvalidDataAccessApiUsageException("misuse"), ErrorCategory.BUSINESS),
				Arguments.of(new RecoverableDataAccessException("recoverable"), ErrorCategory.PERMANENT));
	}

	@ParameterizedTest(name = "{0} -> {1}")
	@MethodSource("failures")
	void classifyShouldPlaceSpringDataAccessExceptions(Exception failure, ErrorCategory expected) {
		assertThat(this.classifier.classify(failure)).isEqualTo(expected);
	}

	@Test
	void classifyWhenRejectedByResilientDbShouldReturnNotADatabaseError() {
		DatabaseUnavailableException rejection = new DatabaseUnavailableException("jdbc", "open",
				Duration.ofSeconds(1));
		assertThat(this.classifier.classify(rejection)).isEqualTo(ErrorCategory.NOT_A_DATABASE_ERROR);
	}

	@Test
	void classifyWhenDurabilityNotReachedShouldNeitherRetryNorTripTheBreaker() {
		DurabilityException failure = new DurabilityException("redis", Durability.CRITICAL, 2, 1,
				"1 of 2 replicas acknowledged the write");
		ErrorCategory category = this.classifier.classify(failure);
		assertThat(category.isRetryable(false)).isFalse();
		assertThat(category.isRetryable(true)).isFalse();
		assertThat(category.isBreakerFailure()).isFalse();
		assertThat(failure.getDatastore()).isEqualTo("redis");
	}

	@Test
	void classifyWhenNotADataAccessExceptionShouldReturnNull() {
		assertThat(this.classifier.classify(new IllegalStateException("application"))).isNull();
	}

	@Test
	void classifyShouldNotLookIntoCauses() {
		assertThat(this.classifier.classify(new IllegalStateException(new QueryTimeoutException("timeout"))))
			.isNull();
	}

}
