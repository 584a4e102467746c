package io.github.resilientdb.test;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class WriteLedgerTests {

	private final WriteLedger ledger = new WriteLedger();

	@Test
	void soundWhenEveryAcknowledgedWriteIsThereOnceAndFailedOnesAtMostOnce() {
		this.ledger.acknowledged("a");
		this.ledger.acknowledged("b");
		this.ledger.failed("c");
		this.ledger.failed("d");

		WriteLedger.Report report = this.ledger.verify(Map.of("a", 1L, "b", 1L, "c", 1L));

		assertThat(report.isSound()).isTrue();
		assertThat(report.failedButApplied()).isEqualTo(1);
		report.assertNothingLostOrDuplicated();
	}

	@Test
	void reportsAnAcknowledgedWriteMissingFromTheDatabaseAsLost() {
		this.ledger.acknowledged("a");
		this.ledger.acknowledged("b");

		WriteLedger.Report report = this.ledger.verify(Map.of("a", 1L));

		assertThat(report.lost()).containsExactly("b");
		assertThatExceptionOfType(AssertionError.class).isThrownBy(report::assertNothingLostOrDuplicated)
			.withMessageContaining("1 acknowledged write(s) lost [b]");
	}

	@Test
	void reportsAWriteAppliedTwiceAsDuplicatedWhetherAcknowledgedOrFailed() {
		this.ledger.acknowledged("a");
		this.ledger.failed("b");

		WriteLedger.Report report = this.ledger.verify(Map.of("a", 2L, "b", 3L));

		assertThat(report.duplicated()).containsOnly(Map.entry("a", 2L), Map.entry("b", 3L));
		assertThat(report.isSound()).isFalse();
	}

	@Test
	void aWriteAcknowledgedAfterAFailedAttemptCountsAsAcknowledged() {
		String id = this.ledger.newId();
		this.ledger.failed(id);
		this.ledger.acknowledged(id);
		this.ledger.failed(id);

		assertThat(this.ledger.acknowledgedCount()).isEqualTo(1);
		assertThat(this.ledger.failedCount()).isZero();
	}

}
