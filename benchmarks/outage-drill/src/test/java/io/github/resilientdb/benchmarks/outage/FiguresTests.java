package io.github.resilientdb.benchmarks.outage;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FiguresTests {

	private static final long FAULT_START = at(10_000);

	private static final long FAULT_END = at(20_000);

	private static final String REJECTED = "DatabaseUnavailableException";

	private static final LogCounts LOG = new LogCounts(10, 4, 2, 1, 1);

	@Test
	void ofShouldMeasureFromTheFaultsStartAndFromItsEnd() {
		List<Call> calls = List.of(new Call(at(9_000), at(9_100), 200, null, false),
				new Call(at(9_500), at(18_000), 500, "CannotGetJdbcConnectionException", false),
				new Call(at(10_500), at(13_000), 500, "TransactionSystemException < SQLException", false),
				new Call(at(13_000), at(13_002), 503, REJECTED, true),
				new Call(at(14_000), at(14_010), 503, REJECTED, true),
				new Call(at(15_000), at(15_100), 503, REJECTED, true),
				new Call(at(20_100), at(20_200), 503, REJECTED, true),
				new Call(at(20_500), at(21_000), 200, null, false));
		List<HealthCheck> checks = List.of(new HealthCheck(at(9_000), at(9_010), 200, "UP"),
				new HealthCheck(at(10_200), at(13_200), 503, "DOWN"),
				new HealthCheck(at(13_500), at(13_600), 503, "DOWN"),
				new HealthCheck(at(19_900), at(20_300), 503, "DOWN"),
				new HealthCheck(at(20_400), at(20_500), 200, "UP"),
				new HealthCheck(at(21_000), at(21_100), 200, "DEGRADED"),
				new HealthCheck(at(22_000), at(22_200), 200, "UP"));
		Figures figures = Figures.of("refused", 8, new Timeline(FAULT_START, FAULT_END, at(26_000), calls, checks, LOG));

		assertThat(figures.faultMillis()).isEqualTo(10_000.0);
		assertThat(figures.observedMillis()).isEqualTo(6_000.0);
		assertThat(figures.callsDuringFault()).isEqualTo(5);
		assertThat(figures.firstRejectionMillis()).isEqualTo(3_002.0);
		assertThat(figures.openedDuringFault()).isTrue();
		assertThat(figures.longestCallMillis()).isEqualTo(8_500.0);
		assertThat(figures.longestCallTimedOut()).isFalse();
		assertThat(figures.longestCallOutlastedFault()).isFalse();
		assertThat(figures.p99AfterOpenMillis()).isEqualTo(100.0);
		assertThat(figures.httpStatuses()).containsExactly(Map.entry(500, 2L), Map.entry(503, 3L));
		assertThat(figures.failures()).containsExactly(Map.entry("CannotGetJdbcConnectionException", 1L),
				Map.entry(REJECTED, 3L), Map.entry("TransactionSystemException < SQLException", 1L));
		assertThat(figures.healthMaxMillis()).isEqualTo(3_000.0);
		assertThat(figures.healthStatuses()).containsExactly("UP", "DOWN", "UP", "DEGRADED", "UP");
		assertThat(figures.healthDownMillis()).isEqualTo(3_200.0);
		assertThat(figures.healthUpMillis()).isEqualTo(2_200.0);
		assertThat(figures.firstSuccessAfterRecoveryMillis()).isEqualTo(1_000.0);
		assertThat(figures.rejectedAfterRecovery()).isEqualTo(1);
		assertThat(figures.lastRejectionAfterRecoveryMillis()).isEqualTo(200.0);
		assertThat(figures.log()).isSameAs(LOG);
	}

	@Test
	void ofShouldTellABreakerThatOpenedOnlyAfterTheFault() {
		List<Call> calls = List.of(new Call(at(10_000), at(19_500), 500, "CannotGetJdbcConnectionException", false),
				new Call(at(19_500), at(25_000), Call.NO_RESPONSE, null, false),
				new Call(at(20_500), at(20_501), 503, REJECTED, true));
		Figures figures = Figures.of("short", 1, new Timeline(FAULT_START, FAULT_END, at(26_000), calls, List.of(),
				LOG));

		assertThat(figures.firstRejectionMillis()).isEqualTo(10_501.0);
		assertThat(figures.openedDuringFault()).isFalse();
		assertThat(figures.p99AfterOpenMillis()).isNull();
		assertThat(figures.longestCallMillis()).isEqualTo(9_500.0);
		assertThat(figures.httpStatuses()).containsExactly(Map.entry(500, 1L));
		assertThat(figures.firstSuccessAfterRecoveryMillis()).isNull();
		assertThat(figures.healthMaxMillis()).isNull();
		assertThat(figures.healthDownMillis()).isNull();
		assertThat(figures.healthUpMillis()).isNull();
		assertThat(figures.rejectedAfterRecovery()).isEqualTo(1);
	}

	@Test
	void ofShouldNotCallHealthUpUnlessTheLastCheckIs() {
		List<HealthCheck> checks = List.of(new HealthCheck(at(20_100), at(20_200), 200, "UP"),
				new HealthCheck(at(20_400), at(20_500), 200, "DEGRADED"));
		Figures figures = Figures.of("quiet", 0, new Timeline(FAULT_START, FAULT_END, at(26_000), List.of(), checks,
				LOG));

		assertThat(figures.healthUpMillis()).isNull();
		assertThat(figures.healthMaxMillis()).isNull();
		assertThat(figures.healthStatuses()).containsExactly("UP", "DEGRADED");
		assertThat(figures.longestCallMillis()).isNull();
		assertThat(figures.firstRejectionMillis()).isNull();
	}

	@Test
	void ofShouldFlagALongestCallThatGotNoAnswerAndOutlastedTheFault() {
		List<Call> calls = List.of(new Call(at(9_000), at(39_000), Call.NO_RESPONSE, null, false));
		Figures figures = Figures.of("hung", 1, new Timeline(FAULT_START, FAULT_END, at(42_000), calls, List.of(),
				LOG));

		assertThat(figures.longestCallMillis()).isEqualTo(30_000.0);
		assertThat(figures.longestCallTimedOut()).isTrue();
		assertThat(figures.longestCallOutlastedFault()).isTrue();
	}

	@Test
	void ofShouldCountAHealthCheckThatHungThroughTheWholeFault() {
		List<HealthCheck> checks = List.of(new HealthCheck(at(9_900), at(20_050), 200, "UP"),
				new HealthCheck(at(20_300), at(20_310), 200, "UP"));
		Figures figures = Figures.of("hung", 0, new Timeline(FAULT_START, FAULT_END, at(26_000), List.of(), checks,
				LOG));

		assertThat(figures.healthMaxMillis()).isEqualTo(10_150.0);
		assertThat(figures.healthStatuses()).containsExactly("UP");
		assertThat(figures.healthUpMillis()).isEqualTo(310.0);
	}

	@Test
	void millisShouldRoundToATenth() {
		assertThat(Figures.millis(1_234_567)).isEqualTo(1.2);
		assertThat(Figures.millis(1_250_001)).isEqualTo(1.3);
	}

	/** A time in nanoseconds, from milliseconds of an arbitrary origin. */
	private static long at(long millis) {
		return 1_000_000_000_000L + millis * 1_000_000;
	}

}
