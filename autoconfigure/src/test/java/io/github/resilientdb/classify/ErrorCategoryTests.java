package io.github.resilientdb.classify;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;

class ErrorCategoryTests {

	@ParameterizedTest(name = "{0}: idempotent={1}, not idempotent={2}, breaker failure={3}")
	@CsvSource({
		"NOT_SENT,             true,  true,  true",
		"REJECTED_BY_SERVER,   true,  true,  true",
		"ROLLED_BACK,          true,  true,  false",
		"MAYBE_APPLIED,        true,  false, true",
		"BUSINESS,             false, false, false",
		"AUTHENTICATION,       false, false, true",
		"PERMANENT,            false, false, true",
		"NOT_A_DATABASE_ERROR, false, false, false" })
	void categoryShouldTellRetryabilityAndBreakerFailure(ErrorCategory category, boolean retryableWhenIdempotent,
			boolean retryableWhenNotIdempotent, boolean breakerFailure) {
		assertThat(category.isRetryable(true)).isEqualTo(retryableWhenIdempotent);
		assertThat(category.isRetryable(false)).isEqualTo(retryableWhenNotIdempotent);
		assertThat(category.isBreakerFailure()).isEqualTo(breakerFailure);
	}

	@ParameterizedTest
	@EnumSource(ErrorCategory.class)
	void categoryRetryableWhenNotIdempotentShouldAlsoBeRetryableWhenIdempotent(ErrorCategory category) {
		if (category.isRetryable(false)) {
			assertThat(category.isRetryable(true)).isTrue();
		}
	}

	@Test
	void categoriesShouldAllBeCoveredByTheTable() {
		assertThat(ErrorCategory.values()).hasSize(8);
	}

}
