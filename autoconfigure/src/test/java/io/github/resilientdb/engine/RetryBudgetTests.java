package io.github.resilientdb.engine;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class RetryBudgetTests {

	private static final long START = 1_000L * 1_000_000_000L;

	@Test
	void tryAcquireRetryShouldAllowRatioOfCalls() {
		RetryBudget budget = new RetryBudget(0.1, 0);
		recordCalls(budget, 100, at(0));
		assertThat(acquire(budget, 10, at(0.5))).isEqualTo(10);
		assertThat(budget.tryAcquireRetry(at(0.5))).isFalse();
	}

	@Test
	void tryAcquireRetryWithoutCallsShouldAllowMinimumPerSecond() {
		RetryBudget budget = new RetryBudget(0.1, 3);
		assertThat(acquire(budget, 3, at(0))).isEqualTo(3);
		assertThat(budget.tryAcquireRetry(at(0.9))).isFalse();
		assertThat(acquire(budget, 3, at(1))).isEqualTo(3);
		assertThat(budget.tryAcquireRetry(at(1.5))).isFalse();
	}

	@Test
	void tryAcquireRetryShouldAllowGreaterOfRatioAndMinimumNotTheirSum() {
		RetryBudget budget = new RetryBudget(0.1, 5);
		recordCalls(budget, 100, at(0));
		assertThat(acquire(budget, 20, at(0))).isEqualTo(10);
	}

	@Test
	void tryAcquireRetryShouldCountRetriesOfWholeWindow() {
		RetryBudget budget = new RetryBudget(0.5, 0);
		recordCalls(budget, 10, at(0));
		assertThat(acquire(budget, 3, at(0))).isEqualTo(3);
		assertThat(acquire(budget, 2, at(5))).isEqualTo(2);
		assertThat(budget.tryAcquireRetry(at(5))).isFalse();
	}

	@Test
	void tryAcquireRetryShouldForgetCallsOlderThanWindow() {
		RetryBudget budget = new RetryBudget(0.5, 0);
		recordCalls(budget, 10, at(0));
		assertThat(budget.tryAcquireRetry(at(9.99))).isTrue();
		assertThat(budget.tryAcquireRetry(at(RetryBudget.WINDOW_SECONDS))).isFalse();
	}

	@Test
	void tryAcquireRetryShouldForgetRetriesOlderThanWindow() {
		RetryBudget budget = new RetryBudget(0.1, 0);
		recordCalls(budget, 10, at(0));
		assertThat(acquire(budget, 1, at(0))).isEqualTo(1);
		recordCalls(budget, 10, at(10));
		assertThat(budget.tryAcquireRetry(at(10))).isTrue();
		assertThat(budget.tryAcquireRetry(at(10))).isFalse();
	}

	@Test
	void recordCallShouldResetReusedSlot() {
		RetryBudget budget = new RetryBudget(0.1, 0);
		recordCalls(budget, 1000, at(0));
		recordCalls(budget, 10, at(RetryBudget.WINDOW_SECONDS + 0.5));
		assertThat(acquire(budget, 5, at(RetryBudget.WINDOW_SECONDS + 0.5))).isEqualTo(1);
	}

	@Test
	void tryAcquireRetryWithZeroRatioAndMinimumShouldNeverAllow() {
		RetryBudget budget = new RetryBudget(0, 0);
		recordCalls(budget, 1000, at(0));
		assertThat(budget.tryAcquireRetry(at(0))).isFalse();
	}

	@Test
	void tryAcquireRetryWithFullRatioShouldAllowOneRetryPerCall() {
		RetryBudget budget = new RetryBudget(1, 0);
		recordCalls(budget, 4, at(0));
		assertThat(acquire(budget, 10, at(0))).isEqualTo(4);
	}

	@Test
	void budgetShouldWorkWithNegativeNanoTime() {
		RetryBudget budget = new RetryBudget(0.5, 0);
		long negative = -5_500_000_000L;
		recordCalls(budget, 4, negative);
		assertThat(acquire(budget, 10, negative + 100_000_000L)).isEqualTo(2);
		assertThat(budget.tryAcquireRetry(negative + 11_000_000_000L)).isFalse();
	}

	private static long at(double seconds) {
		return START + (long) (seconds * 1_000_000_000L);
	}

	private static void recordCalls(RetryBudget budget, int calls, long nanoTime) {
		for (int call = 0; call < calls; call++) {
			budget.recordCall(nanoTime);
		}
	}

	private static int acquire(RetryBudget budget, int attempts, long nanoTime) {
		int acquired = 0;
		for (int attempt = 0; attempt < attempts; attempt++) {
			if (budget.tryAcquireRetry(nanoTime)) {
				acquired++;
			}
		}
		return acquired;
	}

}
