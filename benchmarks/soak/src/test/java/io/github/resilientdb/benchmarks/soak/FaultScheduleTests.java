package io.github.resilientdb.benchmarks.soak;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FaultScheduleTests {

	private static final Duration FAULT = Duration.ofSeconds(4);

	private static final Duration GAP = Duration.ofSeconds(4);

	@Test
	void theSameSeedGivesTheSameScheduleAndAnotherSeedAnotherOrder() {
		List<FaultKind> first = kinds(FaultSchedule.of(7, Duration.ofMinutes(10), FAULT, GAP));
		assertThat(kinds(FaultSchedule.of(7, Duration.ofMinutes(10), FAULT, GAP))).isEqualTo(first);
		assertThat(kinds(FaultSchedule.of(8, Duration.ofMinutes(10), FAULT, GAP))).isNotEqualTo(first);
	}

	@Test
	void everyKindOccursOncePerRoundAndWindowsAreSeparatedByHealthyGapsWithinTheRun() {
		Duration duration = Duration.ofSeconds(60);
		FaultSchedule schedule = FaultSchedule.of(1, duration, FAULT, GAP);
		List<FaultSchedule.Window> windows = schedule.windows();

		assertThat(EnumSet.copyOf(kinds(schedule).subList(0, FaultKind.values().length)))
			.containsExactlyInAnyOrder(FaultKind.values());
		for (int i = 0; i < windows.size(); i++) {
			FaultSchedule.Window window = windows.get(i);
			assertThat(window.end() - window.start()).isEqualTo(FAULT.toNanos());
			if (i > 0) {
				assertThat(window.start() - windows.get(i - 1).end()).isEqualTo(GAP.toNanos());
			}
		}
		assertThat(windows.get(0).start()).isPositive();
		assertThat(windows.get(windows.size() - 1).end()).isLessThan(duration.toNanos());
	}

	@Test
	void findsTheFaultInPlaceAtAnyMoment() {
		FaultSchedule schedule = FaultSchedule.of(1, Duration.ofSeconds(60), FAULT, GAP);
		FaultSchedule.Window second = schedule.windows().get(1);

		assertThat(schedule.at(second.start())).isEqualTo(second);
		assertThat(schedule.at(second.end() - 1)).isEqualTo(second);
		assertThat(schedule.at(second.end())).isNull();
		assertThat(schedule.lastStartedBy(second.end() + 1)).isEqualTo(second);
		assertThat(schedule.at(0)).isNull();
	}

	private static List<FaultKind> kinds(FaultSchedule schedule) {
		return schedule.windows().stream().map(FaultSchedule.Window::kind).toList();
	}

}
