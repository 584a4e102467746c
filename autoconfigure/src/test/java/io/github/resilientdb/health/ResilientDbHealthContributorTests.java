package io.github.resilientdb.health;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import org.springframework.boot.health.contributor.HealthContributors;

import static org.assertj.core.api.Assertions.assertThat;

class ResilientDbHealthContributorTests {

	@Test
	void contributorShouldHaveOneIndicatorPerDatastoreInNameOrder() {
		DatastoreHealthMonitor monitor = new DatastoreHealthMonitor(
				Map.of("redis", new FakeProbe("redis"), "jdbc", new FakeProbe("jdbc"), "orders", new FakeProbe("jdbc")),
				(name) -> null, ProbeSettings.defaults(), List::of);
		ResilientDbHealthContributor contributor = new ResilientDbHealthContributor(monitor);
		assertThat(contributor.stream().map(HealthContributors.Entry::name)).containsExactly("jdbc", "orders",
				"redis");
		assertThat(contributor.getContributor("orders")).isInstanceOf(DatastoreHealthIndicator.class);
		assertThat(contributor.getContributor("mongo")).isNull();
		assertThat(ResilientDbHealthContributor.NAME).isEqualTo("resilientDb");
	}

}
