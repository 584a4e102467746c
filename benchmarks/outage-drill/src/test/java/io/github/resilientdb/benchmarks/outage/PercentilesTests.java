package io.github.resilientdb.benchmarks.outage;

import java.util.List;
import java.util.stream.LongStream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PercentilesTests {

	@Test
	void nearestRankShouldBeAMeasuredValueAtOrAboveTheShare() {
		List<Long> oneToHundred = LongStream.rangeClosed(1, 100).boxed().toList();
		assertThat(Percentiles.nearestRank(oneToHundred, 99)).hasValue(99);
		assertThat(Percentiles.nearestRank(oneToHundred, 50)).hasValue(50);
		assertThat(Percentiles.nearestRank(oneToHundred, 100)).hasValue(100);
		assertThat(Percentiles.nearestRank(oneToHundred, 0.5)).hasValue(1);
	}

	@Test
	void nearestRankOfFewValuesShouldBeTheLargestForHighPercentiles() {
		assertThat(Percentiles.nearestRank(List.of(5L, 1L, 9L, 3L), 99)).hasValue(9);
		assertThat(Percentiles.nearestRank(List.of(5L, 1L, 9L, 3L), 50)).hasValue(3);
		assertThat(Percentiles.nearestRank(List.of(7L), 99)).hasValue(7);
	}

	@Test
	void nearestRankOfNothingShouldBeEmpty() {
		assertThat(Percentiles.nearestRank(List.of(), 99)).isEmpty();
	}

	@Test
	void nearestRankShouldRejectPercentilesOutsideTheRange() {
		assertThatIllegalArgumentException().isThrownBy(() -> Percentiles.nearestRank(List.of(1L), 0))
			.withMessageContaining("(0, 100]");
		assertThatIllegalArgumentException().isThrownBy(() -> Percentiles.nearestRank(List.of(1L), 101));
	}

}
