package io.github.resilientdb.sample;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import de.bwaldvogel.mongo.MongoServer;
import io.micrometer.core.instrument.MeterRegistry;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInfo;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A real Prometheus (the installed {@code prometheus} binary, private to each test) scrapes the sample's
 * {@code /actuator/prometheus} every second and evaluates the shipped alerting rules, with their {@code for}
 * durations shortened to {@value #TEST_FOR}: the target is up, the series the rules and the Grafana dashboard use are
 * there, and stopping the sample's MongoDB server makes the breaker-open alert fire. One test runs the rules as
 * shipped and measures when each alert of a MongoDB outage is pending and firing: the datastore-down alert must page
 * within two minutes.
 */
// Its own settings make its own application, with its own embedded servers: closed when done, so that no other
// test class meets it.
@DirtiesContext
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "resilientdb.datastores.mongo.circuit-breaker.minimum-number-of-calls=2",
				"resilientdb.datastores.mongo.circuit-breaker.failure-rate-threshold=50",
				"resilientdb.datastores.mongo.circuit-breaker.wait-duration-in-open-state=5m",
				"resilientdb.mongo.pool.server-selection-timeout=500ms",
				"resilientdb.mongo.pool.connect-timeout=500ms" })
class PrometheusScrapeTests {

	private static final String JOB = "resilient-db-sample";

	private static final String TEST_FOR = "10s";

	private static final double TEST_FOR_SECONDS = 10;

	private static final Pattern FOR_LINE = Pattern.compile("(?m)^(\\s+for:\\s*)\\S+\\s*$");

	private static final Duration SERIES_TIMEOUT = Duration.ofSeconds(30);

	private static final Duration BREAKER_TIMEOUT = Duration.ofSeconds(60);

	private static final Duration FIRING_TIMEOUT = Duration.ofSeconds(60);

	private static final String BREAKER_OPEN = "ResilientDbCircuitBreakerOpen";

	private static final String ERROR_RATE = "ResilientDbErrorRateHigh";

	private static final String DATASTORE_DOWN = "ResilientDbDatastoreDown";

	/**
	 * Tags a test run with the rules as shipped, {@code for:} durations included.
	 */
	private static final String SHIPPED_FOR = "shipped-for";

	private static final Duration PAGE_WITHIN = Duration.ofMinutes(2);

	private static final Duration SHIPPED_TIMEOUT = Duration.ofSeconds(240);

	@LocalServerPort
	private int port;

	@Autowired
	private MongoServer mongoServer;

	@Autowired
	private MeterRegistry meterRegistry;

	private RestClient app;

	private @Nullable PrometheusServer prometheus;

	@BeforeEach
	void startPrometheus(@TempDir Path directory, TestInfo test) throws IOException {
		this.app = RestClient.create("http://127.0.0.1:" + this.port);
		String rules = Files.readString(ObservabilityFiles.alertRules(), StandardCharsets.UTF_8);
		Matcher forLines = FOR_LINE.matcher(rules);
		assertThat(forLines.results().count()).as("for: lines in the shipped rules").isEqualTo(14);
		Files.writeString(directory.resolve("resilientdb-alerts.yml"),
				test.getTags().contains(SHIPPED_FOR) ? rules : forLines.replaceAll("$1" + TEST_FOR),
				StandardCharsets.UTF_8);
		Files.writeString(directory.resolve("prometheus.yml"), """
				global:
				  scrape_interval: 1s
				  scrape_timeout: 1s
				  evaluation_interval: 1s
				rule_files:
				  - resilientdb-alerts.yml
				scrape_configs:
				  - job_name: %s
				    metrics_path: /actuator/prometheus
				    static_configs:
				      - targets: ["127.0.0.1:%d"]
				""".formatted(JOB, this.port), StandardCharsets.UTF_8);
		this.prometheus = PrometheusServer.start(directory);
	}

	@AfterEach
	void stopPrometheus() {
		if (this.prometheus != null) {
			this.prometheus.close();
		}
	}

	@Test
	void prometheusShouldScrapeTheSeriesTheRulesAndTheDashboardUse() {
		PrometheusServer prometheus = prometheus();
		awaitTargetUp(prometheus);
		this.app.get().uri("/orders").retrieve().toBodilessEntity();
		this.app.post()
			.uri("/products")
			.contentType(MediaType.APPLICATION_JSON)
			.body("{\"name\":\"Teapot\",\"priceCents\":1250}")
			.retrieve()
			.toBodilessEntity();
		this.app.get().uri("/products").retrieve().toBodilessEntity();
		List<String> required = new ArrayList<>(List.of(
				"resilientdb_calls_seconds_count{datastore=\"jdbc\", outcome=\"success\"} > 0",
				"resilientdb_calls_seconds_count{datastore=\"mongo\", outcome=\"success\"} > 0",
				"resilientdb_calls_seconds_sum{datastore=\"mongo\", outcome=\"success\"} > 0",
				"resilientdb_retries_total{datastore=\"jdbc\"}", "resilientdb_retries_total{datastore=\"mongo\"}",
				"resilience4j_circuitbreaker_state{name=\"jdbc\", state=\"closed\"} == 1",
				"resilience4j_circuitbreaker_state{name=\"mongo\", state=\"closed\"} == 1",
				"resilience4j_circuitbreaker_failure_rate{name=\"mongo\"}",
				"resilience4j_bulkhead_available_concurrent_calls{name=\"mongo\"}",
				"resilience4j_bulkhead_max_allowed_concurrent_calls{name=\"jdbc\"}",
				"resilience4j_retry_calls_total{name=\"mongo\"}", "hikaricp_connections_active",
				"hikaricp_connections_max > 0", "mongodb_driver_pool_size", "mongodb_driver_pool_checkedout",
				"mongodb_driver_pool_waitqueuesize"));
		if (hasHealthGauge()) {
			required.add("resilientdb_datastore_health{datastore=\"jdbc\"} == 1");
			required.add("resilientdb_datastore_health{datastore=\"mongo\"} == 1");
		}
		if (hasProbeTimer()) {
			required.add("resilientdb_datastore_probe_seconds_count{datastore=\"mongo\", outcome=\"success\"} > 0");
		}
		for (String selector : required) {
			awaitSeries(prometheus, selector);
		}

		Set<String> scraped = new TreeSet<>();
		prometheus.api("/api/v1/label/__name__/values").forEach((name) -> scraped.add(name.asString()));
		List<String> expressions = new ArrayList<>(ObservabilityFiles.dashboardExpressions());
		ObservabilityFiles.alertingRules().forEach((rule) -> expressions.add((String) rule.get("expr")));
		Set<String> used = ObservabilityFiles.metricNames(expressions);
		Set<String> notScraped = new TreeSet<>(used);
		notScraped.removeAll(scraped);
		System.out.println("Metrics the rules and the dashboard use: " + used);
		System.out.println("Of those, not exposed by the sample: " + notScraped);
		assertThat(notScraped).as("metrics the rules and dashboard use that the sample does not expose")
			.isSubsetOf(optionalMetrics());

		List<String> empty = new ArrayList<>();
		for (JsonNode panel : ObservabilityFiles.dashboard().path("panels")) {
			for (JsonNode target : panel.path("targets")) {
				String expression = target.path("expr").asString("");
				String promql = expression.replace("$__rate_interval", "1m")
					.replace("$__range", "1h")
					.replace("$job", JOB)
					.replace("$instance", ".*")
					.replace("$datastore", ".*");
				JsonNode answer = prometheus.query(promql);
				assertThat(answer.path("status").asString("")).as(promql + " -> " + answer).isEqualTo("success");
				boolean scrapedMetricsOnly = scraped.containsAll(ObservabilityFiles.metricNames(List.of(expression)));
				if (scrapedMetricsOnly && answer.path("data").path("result").isEmpty()) {
					empty.add(panel.path("title").asString() + " " + target.path("refId").asString());
				}
			}
		}
		System.out.println("Dashboard queries without data over scraped metrics: " + empty);
		assertThat(empty).as("dashboard queries without data, though their metrics are scraped")
			.isSubsetOf("Failing calls by method A", "Failed probes A", "Error ratio B");
	}

	@Test
	@DirtiesContext
	void breakerOpenAlertShouldFireWhenMongoIsUnavailable() {
		PrometheusServer prometheus = prometheus();
		awaitTargetUp(prometheus);
		this.app.get().uri("/products").retrieve().toBodilessEntity();
		awaitSeries(prometheus, "resilientdb_calls_seconds_count{datastore=\"mongo\", outcome=\"success\"} > 0");
		awaitSeries(prometheus, "resilience4j_circuitbreaker_state{name=\"mongo\", state=\"closed\"} == 1");
		JsonNode breakerRule = rule(prometheus, BREAKER_OPEN);
		assertThat(breakerRule.path("health").asString("")).as(breakerRule.toString()).isEqualTo("ok");
		assertThat(breakerRule.path("state").asString("")).as(breakerRule.toString()).isEqualTo("inactive");
		assertThat(breakerRule.path("duration").asDouble()).isEqualTo(TEST_FOR_SECONDS);
		awaitNoAlert(prometheus);

		Instant stopped = Instant.now();
		this.mongoServer.shutdownNow();
		int calls = 0;
		Instant open = null;
		long deadline = System.nanoTime() + BREAKER_TIMEOUT.toNanos();
		while (open == null) {
			assertThat(System.nanoTime()).as("Prometheus sees the mongo breaker open within " + BREAKER_TIMEOUT)
				.isLessThan(deadline);
			HttpStatusCode status = this.app.get()
				.uri("/products")
				.exchange((request, response) -> response.getStatusCode());
			assertThat(status.value()).as("GET /products answers from its fallback").isEqualTo(200);
			calls++;
			if (!prometheus.vector("resilience4j_circuitbreaker_state{name=\"mongo\", state=\"open\"} == 1")
				.isEmpty()) {
				open = Instant.now();
			}
			else {
				PrometheusServer.sleep(Duration.ofMillis(100));
			}
		}

		Instant pending = null;
		JsonNode firing = null;
		deadline = System.nanoTime() + FIRING_TIMEOUT.toNanos();
		while (firing == null) {
			assertThat(System.nanoTime()).as(BREAKER_OPEN + " fires within " + FIRING_TIMEOUT + "; alerts: "
					+ prometheus.api("/api/v1/alerts")).isLessThan(deadline);
			JsonNode alert = alert(prometheus, BREAKER_OPEN, "mongo");
			String state = (alert != null) ? alert.path("state").asString("") : "inactive";
			if (pending == null && "pending".equals(state)) {
				pending = Instant.now();
			}
			if ("firing".equals(state)) {
				firing = alert;
			}
			else {
				PrometheusServer.sleep(Duration.ofMillis(200));
			}
		}
		Instant fired = Instant.now();
		Instant activeAt = Instant.parse(firing.path("activeAt").asString());
		System.out.println(BREAKER_OPEN + "{datastore=\"mongo\"} " + firing.path("state").asString()
				+ ": MongoDB stopped at +0.0s; " + calls + " calls to GET /products (all 200, from the fallback); "
				+ "breaker seen open by Prometheus at +" + seconds(stopped, open) + "s; alert pending since +"
				+ seconds(stopped, activeAt) + "s (activeAt)" + ((pending != null)
						? ", first polled pending at +" + seconds(stopped, pending) + "s" : "")
				+ "; first polled firing at +" + seconds(stopped, fired) + "s (for: " + TEST_FOR + ", 1m shipped)");
		System.out.println("  " + firing);
		assertThat(pending).as("the alert was pending before it fired").isNotNull();
		assertThat(Duration.between(activeAt, fired)).as("fired after its for: duration")
			.isGreaterThanOrEqualTo(Duration.ofSeconds((long) TEST_FOR_SECONDS));
		assertThat(firing.path("labels").path("severity").asString("")).isEqualTo("critical");
		assertThat(firing.path("labels").path("job").asString("")).isEqualTo(JOB);
		assertThat(firing.path("annotations").path("summary").asString(""))
			.isEqualTo("Circuit breaker of datastore mongo has been open for more than a minute on 127.0.0.1:"
					+ this.port);

		List<String> alsoFiring = new ArrayList<>(List.of(ERROR_RATE));
		if (hasHealthGauge()) {
			alsoFiring.add(DATASTORE_DOWN);
		}
		else {
			System.out.println(DATASTORE_DOWN + " not tested: the sample has no resilientdb.datastore.health gauge");
		}
		for (String name : alsoFiring) {
			// The error rate alert needs at least 6 calls a minute: keep calling.
			await(name + " for mongo to fire", FIRING_TIMEOUT, () -> {
				this.app.get().uri("/products").exchange((request, response) -> response.getStatusCode());
				JsonNode alert = alert(prometheus, name, "mongo");
				return alert != null && "firing".equals(alert.path("state").asString(""));
			});
			System.out.println(name + "{datastore=\"mongo\"} firing, first polled at +"
					+ seconds(stopped, Instant.now()) + "s");
		}
		JsonNode alerts = prometheus.api("/api/v1/alerts").path("alerts");
		System.out.println("Active alerts at +" + seconds(stopped, Instant.now()) + "s:");
		alerts.forEach((active) -> System.out.println("  " + active.path("labels").path("alertname").asString()
				+ " " + active.path("labels") + " " + active.path("state") + " since " + active.path("activeAt")));
		alerts.forEach((active) -> assertThat(active.path("labels").path("datastore").asString(""))
			.as("only mongo alerts: " + active)
			.isEqualTo("mongo"));
	}

	@Test
	@Tag(SHIPPED_FOR)
	@DirtiesContext
	void mongoGoingAwayShouldPageWithinTwoMinutesWithTheShippedRules() {
		PrometheusServer prometheus = prometheus();
		awaitTargetUp(prometheus);
		this.app.get().uri("/products").retrieve().toBodilessEntity();
		awaitSeries(prometheus, "resilientdb_calls_seconds_count{datastore=\"mongo\", outcome=\"success\"} > 0");
		List<String> watched = new ArrayList<>(List.of(BREAKER_OPEN, ERROR_RATE));
		if (hasHealthGauge()) {
			awaitSeries(prometheus, "resilientdb_datastore_health{datastore=\"mongo\"} == 1");
			watched.add(0, DATASTORE_DOWN);
		}
		awaitNoAlert(prometheus);

		Instant stopped = Instant.now();
		this.mongoServer.shutdownNow();
		Map<String, Instant> pending = new LinkedHashMap<>();
		Map<String, Instant> firing = new LinkedHashMap<>();
		Map<String, Instant> activeAt = new LinkedHashMap<>();
		long deadline = System.nanoTime() + SHIPPED_TIMEOUT.toNanos();
		while (!firing.keySet().containsAll(watched) && System.nanoTime() < deadline) {
			this.app.get().uri("/products").exchange((request, response) -> response.getStatusCode());
			Instant now = Instant.now();
			for (String name : watched) {
				JsonNode alert = alert(prometheus, name, "mongo");
				String state = (alert != null) ? alert.path("state").asString("") : "inactive";
				if (alert != null) {
					activeAt.putIfAbsent(name, Instant.parse(alert.path("activeAt").asString()));
				}
				if ("pending".equals(state) || "firing".equals(state)) {
					pending.putIfAbsent(name, now);
				}
				if ("firing".equals(state)) {
					firing.putIfAbsent(name, now);
				}
			}
			PrometheusServer.sleep(Duration.ofMillis(250));
		}
		System.out.println("MongoDB stopped at +0.0s; the shipped rules (scrape and evaluation every 1 s) saw:");
		for (String name : watched) {
			System.out.println("  " + name + "{datastore=\"mongo\"} for " + forOf(name) + ": active since +"
					+ at(stopped, activeAt.get(name)) + "s, first polled pending at +" + at(stopped, pending.get(name))
					+ "s, first polled firing at +" + at(stopped, firing.get(name)) + "s");
		}
		String paging = hasHealthGauge() ? DATASTORE_DOWN : BREAKER_OPEN;
		assertThat(firing).as(paging + " fires").containsKey(paging);
		assertThat(Duration.between(stopped, firing.get(paging))).as(paging + " fires within " + PAGE_WITHIN)
			.isLessThanOrEqualTo(PAGE_WITHIN);
		assertThat(firing).as("every watched alert fires within " + SHIPPED_TIMEOUT).containsKeys(
				watched.toArray(String[]::new));
		for (String name : watched) {
			assertThat(pending.get(name)).as(name + " pending before firing").isBeforeOrEqualTo(firing.get(name));
		}
		assertThat(prometheus.vector("datastore:resilientdb_calls_not_succeeded:ratio_rate2m{datastore=\"mongo\"}"
				+ " > 0.05")).as("the recording rule the error rate alert and the dashboard use").isNotEmpty();
	}

	private static String forOf(String alert) {
		return ObservabilityFiles.alertingRules()
			.stream()
			.filter((rule) -> alert.equals(rule.get("alert")))
			.map((rule) -> (String) rule.get("for"))
			.findFirst()
			.orElseThrow();
	}

	private static String at(Instant from, @Nullable Instant to) {
		return (to != null) ? seconds(from, to) : "never";
	}

	private PrometheusServer prometheus() {
		assertThat(this.prometheus).isNotNull();
		return this.prometheus;
	}

	private boolean hasHealthGauge() {
		return this.meterRegistry.find("resilientdb.datastore.health").gauge() != null;
	}

	private boolean hasProbeTimer() {
		return this.meterRegistry.find("resilientdb.datastore.probe").timer() != null;
	}

	/**
	 * The metrics the rules and the dashboard use that the sample may lack: percentile histogram buckets (off by
	 * default), the Redis pool's (no Redis in the sample) and the health meters while they are not in the build.
	 */
	private Set<String> optionalMetrics() {
		Set<String> optional = new TreeSet<>(Set.of("resilientdb_calls_seconds_bucket",
				"resilientdb_datastore_probe_seconds_bucket", "commons_pool2_num_active", "commons_pool2_num_idle",
				"commons_pool2_num_waiters"));
		if (!hasHealthGauge()) {
			optional.add("resilientdb_datastore_health");
		}
		if (!hasProbeTimer()) {
			optional.addAll(Set.of("resilientdb_datastore_probe_seconds_count",
					"resilientdb_datastore_probe_seconds_sum", "resilientdb_datastore_probe_seconds_max"));
		}
		return optional;
	}

	private void awaitTargetUp(PrometheusServer prometheus) {
		await("the sample's target to be up in " + prometheus, SERIES_TIMEOUT, () -> {
			for (JsonNode target : prometheus.api("/api/v1/targets").path("activeTargets")) {
				if (JOB.equals(target.path("labels").path("job").asString(""))
						&& "up".equals(target.path("health").asString(""))) {
					assertThat(target.path("scrapeUrl").asString(""))
						.isEqualTo("http://127.0.0.1:" + this.port + "/actuator/prometheus");
					return true;
				}
			}
			return false;
		});
	}

	private static void awaitSeries(PrometheusServer prometheus, String promql) {
		await("a series for " + promql, SERIES_TIMEOUT, () -> !prometheus.vector(promql).isEmpty());
	}

	/**
	 * Waits for every alert to be gone, {@code ResilientDbMetricsAbsent} included, which may be pending or firing
	 * from before the first scrape until the next evaluation.
	 */
	private static void awaitNoAlert(PrometheusServer prometheus) {
		await("no alert before MongoDB stops: " + prometheus.api("/api/v1/alerts"), SERIES_TIMEOUT,
				() -> prometheus.api("/api/v1/alerts").path("alerts").isEmpty());
	}

	private static @Nullable JsonNode alert(PrometheusServer prometheus, String name, String datastore) {
		for (JsonNode alert : prometheus.api("/api/v1/alerts").path("alerts")) {
			JsonNode labels = alert.path("labels");
			if (name.equals(labels.path("alertname").asString(""))
					&& datastore.equals(labels.path("datastore").asString(""))) {
				return alert;
			}
		}
		return null;
	}

	private static JsonNode rule(PrometheusServer prometheus, String name) {
		for (JsonNode group : prometheus.api("/api/v1/rules").path("groups")) {
			for (JsonNode rule : group.path("rules")) {
				if (name.equals(rule.path("name").asString(""))) {
					return rule;
				}
			}
		}
		throw new AssertionError("Prometheus did not load rule " + name + ": " + prometheus.api("/api/v1/rules"));
	}

	private static void await(String what, Duration timeout, Supplier<Boolean> condition) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (!condition.get()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Timed out after " + timeout + " waiting for " + what);
			}
			PrometheusServer.sleep(Duration.ofMillis(200));
		}
	}

	private static String seconds(Instant from, Instant to) {
		return String.format("%.1f", Duration.between(from, to).toMillis() / 1000.0);
	}

}
