package io.github.resilientdb.sample;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The monitoring files shipped in {@code src-docs} (the Prometheus alerting rules, their unit tests and the Grafana
 * dashboard) and what the tests read from them. Found from the working directory up, so that the tests run from
 * the module or from the repository root.
 */
final class ObservabilityFiles {

	/**
	 * A scraped metric name; the names of recording rules ({@code level:metric:operations}) are left out.
	 */
	private static final Pattern METRIC_NAME = Pattern
		.compile("(?<![:a-zA-Z0-9_])(?:resilientdb|resilience4j|hikaricp|mongodb_driver|commons_pool2)_[a-z0-9_]++(?!:)");

	private ObservabilityFiles() {
	}

	static Path alertRules() {
		return find("src-docs/prometheus/resilientdb-alerts.yml");
	}

	static Path alertRulesTests() {
		return find("src-docs/prometheus/resilientdb-alerts.test.yml");
	}

	static Path grafanaDashboard() {
		return find("src-docs/grafana/resilientdb-dashboard.json");
	}

	/**
	 * The alerting rules of the shipped rule file, in order, as parsed YAML maps ({@code alert}, {@code expr},
	 * {@code for}, {@code labels}, {@code annotations}).
	 */
	static List<Map<String, Object>> alertingRules() {
		return rules().stream().filter((rule) -> rule.containsKey("alert")).toList();
	}

	/**
	 * The recording rules of the shipped rule file, in order, as parsed YAML maps ({@code record}, {@code expr}).
	 */
	static List<Map<String, Object>> recordingRules() {
		return rules().stream().filter((rule) -> rule.containsKey("record")).toList();
	}

	/**
	 * The unit tests of the shipped rules, parsed.
	 */
	@SuppressWarnings("unchecked")
	static List<Map<String, Object>> alertRuleUnitTests() {
		try (Reader reader = Files.newBufferedReader(alertRulesTests(), StandardCharsets.UTF_8)) {
			Map<String, Object> file = new Yaml().load(reader);
			return (List<Map<String, Object>>) file.get("tests");
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	static Path runbook(String alert) {
		return find("src-docs/runbooks/" + alert + ".md");
	}

	@SuppressWarnings("unchecked")
	private static List<Map<String, Object>> rules() {
		try (Reader reader = Files.newBufferedReader(alertRules(), StandardCharsets.UTF_8)) {
			Map<String, Object> file = new Yaml().load(reader);
			List<Map<String, Object>> rules = new ArrayList<>();
			for (Map<String, Object> group : (List<Map<String, Object>>) file.get("groups")) {
				rules.addAll((List<Map<String, Object>>) group.get("rules"));
			}
			return rules;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	/** The shipped Grafana dashboard, parsed. */
	static JsonNode dashboard() {
		return JsonMapper.builder().build().readTree(grafanaDashboard());
	}

	/** The PromQL expressions of every panel target of the dashboard, Grafana variables left in. */
	static List<String> dashboardExpressions() {
		List<String> expressions = new ArrayList<>();
		for (JsonNode panel : dashboard().path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				expressions.add(target.path("expr").asString(""));
			}
		}
		return expressions;
	}

	/**
	 * The names of the resilient-db, Resilience4j and connection pool metrics that expressions use.
	 * @param expressions PromQL expressions
	 * @return the metric names, sorted
	 */
	static Set<String> metricNames(List<String> expressions) {
		Set<String> names = new TreeSet<>();
		for (String expression : expressions) {
			Matcher matcher = METRIC_NAME.matcher(expression);
			while (matcher.find()) {
				names.add(matcher.group());
			}
		}
		return names;
	}

	private static Path find(String relativePath) {
		Path start = Path.of("").toAbsolutePath();
		for (Path directory = start; directory != null; directory = directory.getParent()) {
			Path candidate = directory.resolve(relativePath);
			if (Files.isRegularFile(candidate)) {
				return candidate;
			}
		}
		throw new AssertionError(relativePath + " not found in " + start + " or any directory above it");
	}

}
