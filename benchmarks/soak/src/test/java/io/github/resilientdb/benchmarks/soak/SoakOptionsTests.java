package io.github.resilientdb.benchmarks.soak;

import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class SoakOptionsTests {

	@Test
	void parsesTheDurationAndOptions() {
		SoakOptions options = SoakOptions.parse("10m", "--seed=42", "--threads=2", "--fault=3s", "--gap=5s",
				"--output=out");

		assertThat(options).isEqualTo(new SoakOptions(Duration.ofMinutes(10), 42, 2, Duration.ofSeconds(3),
				Duration.ofSeconds(5), Path.of("out")));
	}

	@Test
	void rejectsAMissingOrBadDurationAndUnknownOptionsNamingThem() {
		assertThatIllegalArgumentException().isThrownBy(SoakOptions::parse).withMessageContaining("No duration");
		assertThatIllegalArgumentException().isThrownBy(() -> SoakOptions.parse("soon"))
			.withMessageContaining("Bad DURATION 'soon'");
		assertThatIllegalArgumentException().isThrownBy(() -> SoakOptions.parse("60s", "--speed=2"))
			.withMessageContaining("Unknown option '--speed'");
		assertThatIllegalArgumentException().isThrownBy(() -> SoakOptions.parse("5s"))
			.withMessageContaining("at least --fault plus --gap");
	}

}
