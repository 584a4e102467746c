package io.github.resilientdb.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

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
		assertThat(result.output()).contains("SUCCESS: 22 rules found");
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
	@SuppressWarnings("unchecked")
	void unitTestsShouldShowEveryAlertFiringAndNotFiring() {
		Set<String> firing = new TreeSet<>();
		Set<String> notFiring = new TreeSet<>();
		for (Map<String, Object> test : ObservabilityFiles.alertRuleUnitTests()) {
			for (Map<String, Object> check : (List<Map<String, Object>>) test.getOrDefault("alert_rule_test",
					List.of())) {
				boolean fires = !((List<Object>) check.get("exp_alerts")).isEmpty();
				(fires ? firing : notFiring).add((String) check.get("alertname"));
			}
		}
		for (Map<String, Object> rule : ObservabilityFiles.alertingRules()) {
			assertThat(firing).as("alerts tested firing").contains((String) rule.get("alert"));
			assertThat(notFiring).as("alerts tested not firing").contains((String) rule.get("alert"));
		}
	}

	@Test
	@SuppressWarnings("unchecked")
	void everyAlertShouldLinkItsRunbook() throws IOException {
		for (Map<String, Object> rule : ObservabilityFiles.alertingRules()) {
			String alert = (String) rule.get("alert");
			Map<String, Object> annotations = (Map<String, Object>) rule.get("annotations");
			assertThat((String) annotations.get("runbook_url")).as(alert)
				.endsWith("/src-docs/runbooks/" + alert + ".md");
			assertThat(Files.readString(ObservabilityFiles.runbook(alert), StandardCharsets.UTF_8)).as(alert)
				.startsWith("# " + alert + "\n")
				.contains("## What it means", "## What to check", "## What to do");
		}
	}

	@Test
	void everyRatioAlertShouldNeedAMinimumTraffic() {
		for (String alert : List.of("ResilientDbErrorRateHigh", "ResilientDbRetryRateHigh",
				"ResilientDbCallLatencyHigh")) {
			assertThat(expressionOf(alert)).as(alert).contains(">= 0.1");
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
				.containsKeys("summary", "description", "runbook_url");
		}
		assertThat(forByAlert).containsExactlyEntriesOf(orderedMap("ResilientDbTargetDown", "1m",
				"ResilientDbMetricsAbsent", "10m", "ResilientDbDatastoreDown", "1m", "ResilientDbDatastoreDegraded",
				"10m", "ResilientDbCircuitBreakerOpen", "1m", "ResilientDbErrorRateHigh", "2m",
				"ResilientDbRetryRateHigh", "5m", "ResilientDbCallLatencyHigh", "10m", "ResilientDbProbeLatencyHigh",
				"10m", "ResilientDbConnectionPoolSaturated", "5m", "ResilientDbConnectionAcquireTimeouts", "1m",
				"ResilientDbMongoPoolSaturated", "1m", "ResilientDbRedisPoolSaturated", "1m",
				"ResilientDbBulkheadSaturated", "5m"));
		assertThat(expressionOf("ResilientDbDatastoreDown")).isEqualTo("resilientdb_datastore_health == 0");
		assertThat(expressionOf("ResilientDbTargetDown")).startsWith("up == 0");
		assertThat(expressionOf("ResilientDbMetricsAbsent")).isEqualTo("absent(resilientdb_retries_total)");
		assertThat(expressionOf("ResilientDbConnectionPoolSaturated")).contains("> 0.8");
		assertThat(expressionOf("ResilientDbBulkheadSaturated")).contains("> 0.8");
		assertThat(expressionOf("ResilientDbErrorRateHigh")).contains("> 0.05");
		assertThat(ObservabilityFiles.recordingRules()).extracting((rule) -> rule.get("record"))
			.contains("datastore:resilientdb_calls:rate2m", "datastore:resilientdb_calls_not_succeeded:ratio_rate2m");
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
