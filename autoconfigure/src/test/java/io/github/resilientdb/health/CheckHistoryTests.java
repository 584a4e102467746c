package io.github.resilientdb.health;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CheckHistoryTests {

	@Test
	void toListShouldReturnChecksOldestFirst() {
		CheckHistory history = new CheckHistory(3);
		history.add(check(1));
		history.add(check(2));
		assertThat(history.toList()).extracting(DatastoreCheck::consecutiveFailures).containsExactly(1, 2);
	}

	@Test
	void addBeyondCapacityShouldDropOldest() {
		CheckHistory history = new CheckHistory(3);
		for (int i = 1; i <= 7; i++) {
			history.add(check(i));
		}
		assertThat(history.toList()).extracting(DatastoreCheck::consecutiveFailures).containsExactly(5, 6, 7);
	}

	@Test
	void toListWhenEmptyShouldBeEmpty() {
		assertThat(new CheckHistory(2).toList()).isEmpty();
	}

	private static DatastoreCheck check(int failures) {
		return new DatastoreCheck("jdbc", DatastoreStatus.UP, ProbeOutcome.FAILURE, Instant.EPOCH, Duration.ZERO,
				failures, null, null, null, List.of());
	}

}
