package io.github.resilientdb.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Checks the shipped Prometheus alerting rules ({@code src-docs/prometheus/resilientdb-alerts.yml}) with the real
 * {@code promtool}: the file is valid, and its unit tests ({@code resilientdb-alerts.test.yml}) show each alert
 * firing on synthetic series, and not firing where it must not.
 */
class AlertRulesTests {

	@Test
	void checkRulesShouldAcceptTheShippedRules() {
		PrometheusBinaries.Result result = PrometheusBinaries.promtool(ObservabilityFiles.alertRules().getParent(),
				"check", "rules", ObservabilityFiles.alertRules().getFileName().toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS: 7 rules found");
	}

	@Test
	void checkRulesShouldRejectAnInvalidExpression(@TempDir Path directory) throws IOException {
		String rules = Files.readString(ObservabilityFiles.alertRules(), StandardCharsets.UTF_8);
		String broken = rules.replace("expr: resilientdb_datastore_health == 0",
				"expr: resilientdb_datastore_health ==");
		assertThat(broken).isNotEqualTo(rules);
		Files.writeString(directory.resolve("broken.yml"), broken, StandardCharsets.UTF_8);
		PrometheusBinaries.Result result = PrometheusBinaries.promtool(directory, "check", "rules", "broken.yml");
		assertThat(result.exitCode()).as(result.output()).isNotZero();
		assertThat(result.output()).contains("ResilientDbDatastoreDown");
	}

	@Test
	void unitTestsShouldPass() {
		Path tests = ObservabilityFiles.alertRulesTests();
		PrometheusBinaries.Result result = PrometheusBinaries.promtool(tests.getParent(), "test", "rules",
				tests.getFileName().toString());
		assertThat(result.exitCode()).as(result.output()).isZero();
		assertThat(result.output()).contains("SUCCESS");
	}

	@Test
	void unitTestsShouldCoverEveryAlert() throws IOException {
		String tests = Files.readString(ObservabilityFiles.alertRulesTests(), StandardCharsets.UTF_8);
		for (Map<String, Object> rule : ObservabilityFiles.alertingRules()) {
			assertThat(tests).contains("alertname: " + rule.get("alert"));
		}
	}

	@Test
	void rulesShouldAlertOnWhatTheIssueAsksWithProductionDurations() {
		Map<String, Object> forByAlert = new LinkedHashMap<>();
		for (Map<String, Object> rule : ObservabilityFiles.alertingRules()) {
			forByAlert.put((String) rule.get("alert"), rule.get("for"));
			assertThat(rule.get("labels")).as(rule.get("alert") + " labels")
				.asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsKey("severity");
			assertThat(rule.get("annotations")).as(rule.get("alert") + " annotations")
				.asInstanceOf(InstanceOfAssertFactories.MAP)
				.containsKeys("summary", "description");
		}
		assertThat(forByAlert).containsExactlyEntriesOf(orderedMap("ResilientDbDatastoreDown", "1m",
				"ResilientDbCircuitBreakerOpen", "1m", "ResilientDbConnectionPoolSaturated", "5m",
				"ResilientDbMongoPoolSaturated", "1m", "ResilientDbBulkheadSaturated", "5m",
				"ResilientDbRetryRateHigh", "5m", "ResilientDbErrorRateHigh", "5m"));
		assertThat(expressionOf("ResilientDbDatastoreDown")).isEqualTo("resilientdb_datastore_health == 0");
		assertThat(expressionOf("ResilientDbConnectionPoolSaturated")).contains("> 0.8");
		assertThat(expressionOf("ResilientDbBulkheadSaturated")).contains("> 0.8");
		assertThat(expressionOf("ResilientDbErrorRateHigh")).contains("> 0.05");
	}

	private static String expressionOf(String alert) {
		return ObservabilityFiles.alertingRules()
			.stream()
			.filter((rule) -> alert.equals(rule.get("alert")))
			.map((rule) -> ((String) rule.get("expr")).strip())
			.findFirst()
			.orElseThrow();
	}

	private static Map<String, Object> orderedMap(String... keysAndValues) {
		Map<String, Object> map = new LinkedHashMap<>();
		for (int i = 0; i < keysAndValues.length; i += 2) {
			map.put(keysAndValues[i], keysAndValues[i + 1]);
		}
		return map;
	}

}
