package io.github.resilientdb.benchmarks.outage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class DrillOptionsTests {

	@Test
	void parseWithoutArgumentsShouldGiveTheDefaults() {
		DrillOptions options = DrillOptions.parse();
		assertThat(options.fault()).isEqualTo(Duration.ofSeconds(10));
		assertThat(options.shortFault()).isEqualTo(Duration.ofSeconds(6));
		assertThat(options.pause()).isEqualTo(Duration.ofMillis(20));
		assertThat(options.output()).isEqualTo(Path.of("benchmarks/target/outage-drill"));
		assertThat(options.only()).isEmpty();
	}

	@Test
	void parseShouldTakeDurationsAndScenarios() {
		DrillOptions options = DrillOptions.parse("--fault=4s", "--health-interval=100ms", "--only=pg-quiet,pg-hung-8");
		assertThat(options.fault()).isEqualTo(Duration.ofSeconds(4));
		assertThat(options.healthInterval()).isEqualTo(Duration.ofMillis(100));
		assertThat(options.only()).isEqualTo(Set.of("pg-quiet", "pg-hung-8"));
	}

	@Test
	void parseShouldNameAnUnknownArgument() {
		assertThatIllegalArgumentException().isThrownBy(() -> DrillOptions.parse("--faults=4s"))
			.withMessageContaining("--faults=4s")
			.withMessageContaining("fault");
	}

	@Test
	void parseShouldNameAMalformedDuration() {
		assertThatIllegalArgumentException().isThrownBy(() -> DrillOptions.parse("--fault=soon"))
			.withMessageContaining("--fault=soon");
		assertThatIllegalArgumentException().isThrownBy(() -> DrillOptions.parse("--pause=-1s"))
			.withMessageContaining("--pause=-1s");
	}

}
