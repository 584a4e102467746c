package io.github.resilientdb.benchmarks.outage;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ReportTests {

	@Test
	void timeShouldReadAsMillisecondsOrSeconds() {
		assertThat(Report.time(850.4)).isEqualTo("850 ms");
		assertThat(Report.time(9_349.0)).isEqualTo("9.3 s");
		assertThat(Report.time(null)).isEqualTo("-");
		assertThat(Report.precise(1.26)).isEqualTo("1.3 ms");
	}

	@Test
	void markdownShouldSayWhichScenariosDidNotRun() {
		String markdown = new Report(List.of(), Map.of("pg-hung-8", "boom")).markdown();
		assertThat(markdown)
			.contains("| Hung server (packets dropped): first fast rejection "
					+ "| pg-hung-8: not run; mongo-hung-8: not run | <= 10 s |")
			.contains("**pg-hung-8 failed**: boom");
	}

}
