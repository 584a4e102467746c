package io.github.resilientdb.benchmarks.soak;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLongArray;

import io.github.resilientdb.test.WriteLedger;
import org.HdrHistogram.Histogram;

import org.springframework.boot.json.JsonWriter;

/**
 * The soak's verdict: per store, the writes verified against the server, the classification of failed
 * not-idempotent writes, idempotent success during and between faults, and per fault kind the time to the breaker
 * opening, the time from the fault's end to the first success and the call latencies. Written as JSON and Markdown.
 */
final class SoakReport {

	private final SoakOptions options;

	private final FaultSchedule schedule;

	private final Map<String, Object> stores = new LinkedHashMap<>();

	private final StringBuilder writesTable = new StringBuilder();

	private final StringBuilder ambiguousTable = new StringBuilder();

	private final StringBuilder faultsTable = new StringBuilder();

	private long lost;

	private long duplicated;

	SoakReport(SoakOptions options, FaultSchedule schedule) {
		this.options = options;
		this.schedule = schedule;
	}

	/** Adds a store's figures, comparing what its callers saw with what its server holds. */
	void add(StoreRecorder recorder, AppliedWrites applied) {
		WriteLedger.Report once = recorder.once.verify(applied.onceCounts());
		WriteLedger.Report upserts = recorder.upserts.verify((id) -> applied.upserted().contains(id) ? 1L : 0L);
		this.lost += once.lost().size() + upserts.lost().size();
		this.duplicated += once.duplicated().size();

		Map<String, Map<String, Long>> ambiguous = new TreeMap<>();
		recorder.failedOnceCategories.forEach((id, category) -> {
			Map<String, Long> counts = ambiguous.computeIfAbsent(category, (key) -> new LinkedHashMap<>());
			counts.merge("failed", 1L, Long::sum);
			counts.merge("applied", applied.onceCounts().getOrDefault(id, 0L) > 0 ? 1L : 0L, Long::sum);
		});
		double during = rate(recorder.idempotentOkDuring.sum(), recorder.idempotentFailedDuring.sum());
		double between = rate(recorder.idempotentOkBetween.sum(), recorder.idempotentFailedBetween.sum());

		Map<String, Object> store = new LinkedHashMap<>();
		store.put("datastore", recorder.datastore());
		store.put("notIdempotentWrites", Map.of("acknowledged", once.acknowledged(), "failed", once.failed(),
				"failedButApplied", once.failedButApplied(), "lost", once.lost().size(), "duplicated",
				once.duplicated().size()));
		store.put("idempotentWrites", Map.of("acknowledged", upserts.acknowledged(), "failed", upserts.failed(),
				"lost", upserts.lost().size()));
		store.put("ambiguousOutcomesByClassification", ambiguous);
		Map<String, Object> rates = new LinkedHashMap<>();
		rates.put("duringFaults", Double.isNaN(during) ? null : during);
		rates.put("betweenFaults", Double.isNaN(between) ? null : between);
		store.put("idempotentSuccessRate", rates);
		store.put("faults", faults(recorder));
		this.stores.put(recorder.name(), store);

		this.writesTable.append(row(recorder.name(), once.acknowledged(), once.failed(), once.failedButApplied(),
				once.lost().size(), once.duplicated().size(), upserts.acknowledged(), upserts.lost().size(),
				percent(during), percent(between)));
		ambiguous.forEach((category, counts) -> this.ambiguousTable
			.append(row(recorder.name(), category, counts.get("failed"), counts.get("applied"))));
	}

	private Map<String, Object> faults(StoreRecorder recorder) {
		Map<String, Object> faults = new LinkedHashMap<>();
		for (String kind : recorder.latencyMicros.keySet()) {
			List<Long> toOpen = new ArrayList<>();
			List<Long> toSuccess = new ArrayList<>();
			int windows = 0;
			for (FaultSchedule.Window window : this.schedule.windows()) {
				if (window.kind().name().equals(kind)) {
					windows++;
					addIfSet(toOpen, recorder.breakerOpened, window.index());
					addIfSet(toSuccess, recorder.firstSuccess, window.index());
				}
			}
			Histogram latency = recorder.latencyMicros.get(kind);
			Map<String, Object> figures = new LinkedHashMap<>();
			figures.put("windows", windows);
			figures.put("breakerOpened", toOpen.size());
			figures.put("toBreakerOpenMillis", summary(toOpen));
			figures.put("endToFirstSuccessMillis", summary(toSuccess));
			figures.put("recoveredWithinGap", toSuccess.size());
			figures.put("calls", latency.getTotalCount());
			figures.put("latencyMillis", Map.of("p50", millis(latency.getValueAtPercentile(50)), "p99",
					millis(latency.getValueAtPercentile(99)), "max", millis(latency.getMaxValue())));
			faults.put(kind, figures);
			boolean between = StoreRecorder.NO_FAULT.equals(kind);
			this.faultsTable.append(row(recorder.name(), between ? "none (between faults)" : kind,
					between ? "-" : windows, between ? "-" : toOpen.size() + "/" + windows, pair(summary(toOpen)),
					between ? "-" : pair(summary(toSuccess)) + " (" + toSuccess.size() + "/" + windows + ")", latency.getTotalCount(), format(millis(latency.getValueAtPercentile(50))),
					format(millis(latency.getValueAtPercentile(99))), format(millis(latency.getMaxValue()))));
		}
		return faults;
	}

	/** Whether no acknowledged write was lost and no not-idempotent write applied twice. */
	boolean isSound() {
		return this.lost == 0 && this.duplicated == 0;
	}

	String markdown() {
		return "Soak: " + this.options.duration() + " of traffic, seed " + this.options.seed() + ", "
				+ this.options.threadsPerStore() + " callers per store, " + this.schedule.windows().size()
				+ " faults of " + this.options.fault() + " with " + this.options.gap() + " gaps. Lost acknowledged writes: "
				+ this.lost + ", duplicated not-idempotent writes: " + this.duplicated + ".\n\n"
				+ "| store | not-idempotent acked | failed | failed but applied | lost | duplicated | idempotent acked | lost | idempotent success during faults | between faults |\n"
				+ "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n" + this.writesTable + "\n"
				+ "Failed not-idempotent writes by classification (ambiguous outcomes are MAYBE_APPLIED):\n\n"
				+ "| store | classification | failed | of which applied |\n|---|---|---:|---:|\n" + this.ambiguousTable
				+ "\n| store | fault | windows | breaker opened | to open ms p50/max | end to first success ms p50/max (recovered within the gap) | calls | p50 ms | p99 ms | max ms |\n"
				+ "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n" + this.faultsTable;
	}

	String json() {
		Map<String, Object> root = new LinkedHashMap<>();
		root.put("durationSeconds", this.options.duration().toSeconds());
		root.put("seed", this.options.seed());
		root.put("callersPerStore", this.options.threadsPerStore());
		root.put("faultSeconds", this.options.fault().toMillis() / 1000.0);
		root.put("gapSeconds", this.options.gap().toMillis() / 1000.0);
		root.put("schedule", this.schedule.windows().stream().map((window) -> window.kind().name()).toList());
		root.put("lostAcknowledgedWrites", this.lost);
		root.put("duplicatedNotIdempotentWrites", this.duplicated);
		root.put("stores", this.stores);
		return JsonWriter.standard().writeToString(root);
	}

	void write(Path directory) {
		try {
			Files.createDirectories(directory);
			Files.writeString(directory.resolve("soak.json"), json());
			Files.writeString(directory.resolve("soak.md"), markdown());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not write the soak report to " + directory, ex);
		}
	}

	private static void addIfSet(List<Long> values, AtomicLongArray array, int index) {
		long value = array.get(index);
		if (value >= 0) {
			values.add(value / 1_000_000);
		}
	}

	private static Map<String, Long> summary(List<Long> millis) {
		if (millis.isEmpty()) {
			return Map.of();
		}
		long[] sorted = millis.stream().mapToLong(Long::longValue).sorted().toArray();
		return Map.of("p50", sorted[(sorted.length - 1) / 2], "max", sorted[sorted.length - 1]);
	}

	private static String pair(Map<String, Long> summary) {
		return summary.isEmpty() ? "-" : summary.get("p50") + " / " + summary.get("max");
	}

	private static double rate(long ok, long failed) {
		return (ok + failed == 0) ? Double.NaN : (double) ok / (ok + failed);
	}

	private static String percent(double rate) {
		return Double.isNaN(rate) ? "-" : String.format(Locale.ROOT, "%.2f %%", rate * 100);
	}

	private static double millis(long micros) {
		return micros / 1000.0;
	}

	private static String format(double millis) {
		return String.format(Locale.ROOT, "%.1f", millis);
	}

	private static String row(Object... cells) {
		return "| " + String.join(" | ", Arrays.stream(cells).map(String::valueOf).toList()) + " |\n";
	}

}
