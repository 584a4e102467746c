package io.github.resilientdb.benchmarks.outage;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The drill's tables in Markdown: the table (what the user sees, measured, goal) and one row of every figure
 * per scenario, then the exceptions behind the failures.
 */
final class Report {

	private final Map<String, Figures> figures = new LinkedHashMap<>();

	private final Map<String, String> errors;

	/**
	 * @param figures the figures of the scenarios that ran
	 * @param errors the scenarios that could not run, with the reason
	 */
	Report(List<Figures> figures, Map<String, String> errors) {
		figures.forEach((scenario) -> this.figures.put(scenario.scenario(), scenario));
		this.errors = errors;
	}

	/** The whole report. */
	String markdown() {
		StringBuilder out = new StringBuilder();
		out.append("| What the user sees | Measured | Goal |\n|---|---|---|\n");
		for (String[] row : summary()) {
			out.append("| ").append(String.join(" | ", row)).append(" |\n");
		}
		out.append("\n| Scenario | Callers | Fault | First fast rejection | Longest call | p99 once open "
				+ "| HTTP statuses in the fault | Health slowest | Health DOWN after | Health UP after recovery "
				+ "| First success after recovery | Rejected after recovery | Stack-frame lines | Starter WARN/ERROR "
				+ "| WARN / ERROR lines |\n");
		out.append("|---|---:|---:|---|---:|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
		for (Figures scenario : this.figures.values()) {
			out.append("| ")
				.append(String.join(" | ", scenario.scenario(), String.valueOf(scenario.callers()),
						time(scenario.faultMillis()), firstRejection(scenario), longest(scenario),
						precise(scenario.p99AfterOpenMillis()), statuses(scenario), time(scenario.healthMaxMillis()),
						time(scenario.healthDownMillis()), afterRecovery(scenario, scenario.healthUpMillis()) + " ("
								+ sequence(scenario) + ")",
						(scenario.callers() > 0) ? afterRecovery(scenario, scenario.firstSuccessAfterRecoveryMillis())
								: "-",
						rejectedAfter(scenario),
						String.valueOf(scenario.log().stackFrames()), String.valueOf(scenario.log().starterWarnings()),
						scenario.log().warnings() + " / " + scenario.log().errors()))
				.append(" |\n");
		}
		out.append("\nExceptions behind the calls answered during each fault:\n\n");
		for (Figures scenario : this.figures.values()) {
			if (scenario.callers() > 0) {
				String failures = scenario.failures().isEmpty() ? "no call answered" : joined(scenario.failures());
				out.append("- ").append(scenario.scenario()).append(": ").append(failures).append('\n');
			}
		}
		this.errors.forEach((scenario, error) -> out.append("\n**").append(scenario).append(" failed**: ").append(error)
			.append('\n'));
		return out.toString();
	}

	private List<String[]> summary() {
		List<String[]> rows = new ArrayList<>();
		rows.add(row("A call while PostgreSQL refuses connections, before the breaker opens",
				(f) -> longest(f) + ", HTTP " + joined(f.httpStatuses()), "fails within the call's deadline; HTTP 503",
				"pg-refused-1", "pg-refused-8"));
		rows.add(row("Refused connections: first fast rejection", Report::firstRejection, "<= 2 s", "pg-refused-8",
				"pg-refused-1"));
		rows.add(row("Hung server (packets dropped): first fast rejection", Report::firstRejection, "<= 10 s",
				"pg-hung-8", "mongo-hung-8"));
		rows.add(row("Longest single call in an outage (retries included)", Report::longest, "<= 5 s",
				"pg-refused-8", "pg-hung-8", "redis-hung-8", "mongo-hung-8"));
		rows.add(row("p99 of calls once the breaker is open", (f) -> precise(f.p99AfterOpenMillis()), "<= 50 ms",
				"pg-refused-8", "pg-hung-8", "redis-hung-8", "mongo-hung-8"));
		rows.add(row("Short fault", (f) -> time(f.faultMillis()) + " fault: " + firstRejection(f) + "; "
				+ rejectedAfter(f) + " calls rejected after the database was back", "opens during the fault, closes "
						+ "soon after it", "pg-short-8"));
		rows.add(row("`/actuator/health` during an outage (slowest check)", (f) -> time(f.healthMaxMillis()),
				"<= 200 ms, always", "pg-refused-8", "pg-hung-8", "redis-hung-8", "mongo-hung-8", "pg-quiet"));
		rows.add(row("Health sees an outage with no traffic",
				(f) -> (f.healthDownMillis() != null) ? "DOWN after " + time(f.healthDownMillis()) : "never DOWN",
				"DOWN <= 5 s", "pg-quiet"));
		rows.add(row("Health after the server is back, no traffic",
				(f) -> "UP after " + afterRecovery(f, f.healthUpMillis()) + " (" + sequence(f) + ")", "UP <= 3 s",
				"pg-quiet"));
		rows.add(row("First successful call after recovery, under load",
				(f) -> afterRecovery(f, f.firstSuccessAfterRecoveryMillis()), "<= 5 s", "pg-refused-8", "pg-hung-8",
				"redis-hung-8", "mongo-hung-8"));
		rows.add(row("Log during the outage, 8 callers and health polled",
				(f) -> f.log().stackFrames() + " stack-frame lines, " + f.log().starterWarnings()
						+ " starter WARN/ERROR lines (" + f.log().lines() + " lines)",
				"<= 100 stack-frame lines, <= 1 starter WARN per state change", "pg-refused-8", "pg-hung-8",
				"redis-hung-8", "mongo-hung-8"));
		rows.add(row("A pooled connection dropped while the server stays up (read-only transaction)",
				(f) -> failed(f) + " of " + f.callsDuringFault() + " calls failed, HTTP " + joined(f.httpStatuses()),
				"retried, succeeds", "pg-reset-8"));
		rows.add(row("A Redis connection that stays open but never answers",
				(f) -> "first rejection " + firstRejection(f) + "; first success "
						+ afterRecovery(f, f.firstSuccessAfterRecoveryMillis()) + " after the server answers again",
				"replaced; Redis serves again within the breaker's wait", "redis-hung-8"));
		return rows;
	}

	private String[] row(String what, Function<Figures, String> measured, String goal, String... scenarios) {
		List<String> parts = new ArrayList<>();
		for (String scenario : scenarios) {
			Figures figures = this.figures.get(scenario);
			parts.add(scenario + ": " + ((figures != null) ? measured.apply(figures) : "not run"));
		}
		return new String[] { what, String.join("; ", parts), goal };
	}

	private static String firstRejection(Figures figures) {
		if (figures.firstRejectionMillis() == null) {
			return (figures.callers() > 0) ? "none" : "-";
		}
		return time(figures.firstRejectionMillis()) + (figures.openedDuringFault() ? "" : " (after the fault ended)");
	}

	private static String longest(Figures figures) {
		String notes = (figures.longestCallTimedOut() ? " (no answer: client timeout)" : "")
				+ (figures.longestCallOutlastedFault() ? " (still waiting when the fault ended)" : "");
		return time(figures.longestCallMillis()) + notes;
	}

	private static String sequence(Figures figures) {
		return String.join(" > ", figures.healthStatuses());
	}

	private static String afterRecovery(Figures figures, @Nullable Double millis) {
		return (millis != null) ? time(millis) : "not within " + time(figures.observedMillis());
	}

	private static String rejectedAfter(Figures figures) {
		if (figures.rejectedAfterRecovery() == 0) {
			return "0";
		}
		return figures.rejectedAfterRecovery() + " (last " + time(figures.lastRejectionAfterRecoveryMillis()) + ")";
	}

	private static String statuses(Figures figures) {
		if (figures.callers() == 0) {
			return "-";
		}
		return figures.httpStatuses().isEmpty() ? "no call answered" : joined(figures.httpStatuses());
	}

	private static long failed(Figures figures) {
		return figures.httpStatuses()
			.entrySet()
			.stream()
			.filter((entry) -> entry.getKey() < 200 || entry.getKey() >= 300)
			.mapToLong(Map.Entry::getValue)
			.sum();
	}

	private static String joined(Map<?, Long> counts) {
		return counts.entrySet()
			.stream()
			.map((entry) -> (Integer.valueOf(Call.NO_RESPONSE).equals(entry.getKey()) ? "none" : entry.getKey())
					+ " x" + entry.getValue())
			.collect(Collectors.joining(", "));
	}

	/** Milliseconds as "850 ms" or "9.3 s"; "-" when absent. */
	static String time(@Nullable Double millis) {
		if (millis == null) {
			return "-";
		}
		return (millis < 1000) ? String.format(Locale.ROOT, "%.0f ms", millis)
				: String.format(Locale.ROOT, "%.1f s", millis / 1000);
	}

	/** Milliseconds to a tenth, for percentiles of fast calls; "-" when absent. */
	static String precise(@Nullable Double millis) {
		return (millis != null) ? String.format(Locale.ROOT, "%.1f ms", millis) : "-";
	}

}
