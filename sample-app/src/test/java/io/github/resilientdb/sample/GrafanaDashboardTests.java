package io.github.resilientdb.sample;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the shipped Grafana dashboard ({@code src-docs/grafana/resilientdb-dashboard.json}): valid JSON, every
 * panel on the data source variable, and a panel for each thing the people on call need to see. That its queries
 * are valid PromQL over the sample's real series is proven by {@link PrometheusScrapeTests}.
 */
class GrafanaDashboardTests {

	private final JsonNode dashboard = ObservabilityFiles.dashboard();

	@Test
	void dashboardShouldHaveATitleAndAStableUid() {
		assertThat(this.dashboard.path("title").asString("")).isEqualTo("resilient-db");
		assertThat(this.dashboard.path("uid").asString("")).isEqualTo("resilientdb");
		assertThat(this.dashboard.path("schemaVersion").asInt(0)).isPositive();
	}

	@Test
	void everyPanelShouldQueryTheDataSourceVariable() {
		JsonNode variable = variable("datasource");
		assertThat(variable.path("type").asString("")).isEqualTo("datasource");
		assertThat(variable.path("query").asString("")).isEqualTo("prometheus");
		List<String> queried = new ArrayList<>();
		for (JsonNode panel : panels()) {
			assertThat(panel.path("datasource").path("uid").asString("")).as(panel.path("title").asString(""))
				.isEqualTo("${datasource}");
			assertThat(panel.path("targets")).as(panel.path("title").asString("")).isNotEmpty();
			for (JsonNode target : panel.path("targets")) {
				assertThat(target.path("datasource").path("uid").asString("")).isEqualTo("${datasource}");
				assertThat(target.path("expr").asString("")).isNotBlank();
				queried.add(target.path("expr").asString(""));
			}
		}
		assertThat(queried).hasSizeGreaterThanOrEqualTo(12);
		for (String name : List.of("job", "instance", "datastore")) {
			assertThat(variable(name).path("datasource").path("uid").asString("")).isEqualTo("${datasource}");
		}
	}

	@Test
	void dashboardShouldShowEveryAspectOfTheDatastores() {
		List<String> expressions = ObservabilityFiles.dashboardExpressions();
		assertThat(expressions).anyMatch((expr) -> expr.contains("resilientdb_calls_seconds_count")
				&& expr.contains("by (datastore, outcome)"));
		assertThat(expressions).anyMatch((expr) -> expr.contains("resilientdb_retries_total"));
		assertThat(expressions).anyMatch((expr) -> expr.contains("resilience4j_circuitbreaker_state"));
		assertThat(expressions).anyMatch((expr) -> expr.contains("resilience4j_bulkhead_available_concurrent_calls"));
		assertThat(expressions).anyMatch((expr) -> expr.contains("hikaricp_connections_active"));
		assertThat(expressions).anyMatch((expr) -> expr.contains("mongodb_driver_pool_checkedout"));
		assertThat(expressions).anyMatch((expr) -> expr.contains("commons_pool2_num_active"));
		assertThat(expressions).anyMatch((expr) -> expr.contains("resilientdb_datastore_health"));
		assertThat(expressions).anyMatch((expr) -> expr.contains("resilientdb_datastore_probe_seconds"));
		assertThat(panels()).extracting((panel) -> panel.path("title").asString(""))
			.contains("Datastore health", "Circuit breaker state", "Calls by outcome", "Retries", "Bulkhead permits",
					"JDBC pool (HikariCP)", "MongoDB pool", "Redis pool (Lettuce, commons-pool2)", "Probe latency");
	}

	@Test
	void panelsShouldHaveUniqueIdsAndNotOverlap() {
		Set<Integer> ids = new HashSet<>();
		List<int[]> areas = new ArrayList<>();
		for (JsonNode panel : this.dashboard.path("panels")) {
			assertThat(ids.add(panel.path("id").asInt())).as("id %s is unique", panel.path("id")).isTrue();
			JsonNode grid = panel.path("gridPos");
			int[] area = { grid.path("x").asInt(), grid.path("y").asInt(), grid.path("w").asInt(),
					grid.path("h").asInt() };
			assertThat(area[0] + area[2]).as(panel.path("title").asString("")).isLessThanOrEqualTo(24);
			for (int[] other : areas) {
				boolean overlap = area[0] < other[0] + other[2] && other[0] < area[0] + area[2]
						&& area[1] < other[1] + other[3] && other[1] < area[1] + area[3];
				assertThat(overlap).as(panel.path("title").asString("") + " overlaps another panel").isFalse();
			}
			areas.add(area);
		}
	}

	private List<JsonNode> panels() {
		List<JsonNode> panels = new ArrayList<>();
		for (JsonNode panel : this.dashboard.path("panels")) {
			if (!"row".equals(panel.path("type").asString(""))) {
				panels.add(panel);
			}
		}
		return panels;
	}

	private JsonNode variable(String name) {
		for (JsonNode variable : this.dashboard.path("templating").path("list")) {
			if (name.equals(variable.path("name").asString(""))) {
				return variable;
			}
		}
		throw new AssertionError("No variable " + name);
	}

}
