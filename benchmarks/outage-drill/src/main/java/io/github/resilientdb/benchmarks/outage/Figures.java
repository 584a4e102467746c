package io.github.resilientdb.benchmarks.outage;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.function.Predicate;
import java.util.stream.Collectors;

import org.jspecify.annotations.Nullable;

/**
 * The figures of one scenario, as a caller, a health poller and an operator reading the log see them. Times are in
 * milliseconds: from the fault's start for what happens during it, from its end for what happens after it; null when
 * the event never happened in the scenario.
 *
 * @param scenario the scenario's name
 * @param callers how many callers were calling
 * @param faultMillis how long the fault lasted
 * @param observedMillis how long the drill watched after the fault ended
 * @param callsDuringFault calls answered during the fault
 * @param firstRejectionMillis the first fast rejection ({@code DatabaseUnavailableException}) after the fault began
 * @param openedDuringFault whether that rejection came before the fault ended
 * @param longestCallMillis the longest call that overlapped the fault
 * @param longestCallTimedOut whether that call got no answer within the caller's timeout
 * @param longestCallOutlastedFault whether that call was still waiting when the fault ended (with a longer fault it
 * would have lasted longer)
 * @param p99AfterOpenMillis p99 of the calls started after the first rejection and before the fault ended
 * @param httpStatuses HTTP statuses of the calls answered during the fault, and how many of each ({@code -1}: no
 * answer within the caller's timeout)
 * @param failures exceptions behind the calls answered during the fault, and how many of each
 * @param healthMaxMillis the slowest health check under way during the fault
 * @param healthStatuses the top-level health statuses seen from the last answer before the fault on, repeats dropped
 * @param healthDownMillis the first health check answering {@code DOWN} after the fault began
 * @param healthUpMillis when health answered {@code UP} for good after the fault ended: the first check of the last
 * run of {@code UP} answers, null unless the last check answered {@code UP}
 * @param firstSuccessAfterRecoveryMillis the first successful call that ended after the fault ended
 * @param rejectedAfterRecovery fast rejections of calls started after the fault ended, the database being healthy
 * @param lastRejectionAfterRecoveryMillis the last of those
 * @param log what the application logged during the fault
 */
record Figures(String scenario, int callers, double faultMillis, double observedMillis, int callsDuringFault,
		@Nullable Double firstRejectionMillis, boolean openedDuringFault, @Nullable Double longestCallMillis,
		boolean longestCallTimedOut, boolean longestCallOutlastedFault, @Nullable Double p99AfterOpenMillis,
		Map<Integer, Long> httpStatuses, Map<String, Long> failures, @Nullable Double healthMaxMillis,
		List<String> healthStatuses, @Nullable Double healthDownMillis, @Nullable Double healthUpMillis,
		@Nullable Double firstSuccessAfterRecoveryMillis, int rejectedAfterRecovery,
		@Nullable Double lastRejectionAfterRecoveryMillis, LogCounts log) {

	private static final String SUCCESS = "(none: success)";

	/**
	 * Computes the figures of a scenario from what it recorded.
	 * @param scenario the scenario's name
	 * @param callers how many callers were calling
	 * @param timeline what the scenario recorded
	 * @return the figures
	 */
	static Figures of(String scenario, int callers, Timeline timeline) {
		long start = timeline.faultStart();
		long end = timeline.faultEnd();
		List<Call> duringFault = timeline.calls()
			.stream()
			.filter((call) -> call.end() >= start && call.end() < end)
			.toList();
		Call firstRejection = timeline.calls()
			.stream()
			.filter((call) -> call.rejected() && call.end() >= start)
			.min(Comparator.comparingLong(Call::end))
			.orElse(null);
		Call longest = timeline.calls()
			.stream()
			.filter((call) -> call.start() < end && call.end() > start)
			.max(Comparator.comparingLong(Call::duration))
			.orElse(null);
		OptionalLong p99 = (firstRejection != null) ? Percentiles.nearestRank(timeline.calls()
			.stream()
			.filter(startedIn(firstRejection.end(), end))
			.map(Call::duration)
			.toList(), 99) : OptionalLong.empty();
		List<HealthCheck> checks = timeline.checks()
			.stream()
			.filter((check) -> check.start() >= start)
			.sorted(Comparator.comparingLong(HealthCheck::end))
			.toList();
		List<Call> rejectedAfter = timeline.calls()
			.stream()
			.filter((call) -> call.rejected() && call.start() >= end)
			.toList();
		return new Figures(scenario, callers, millis(end - start), millis(timeline.observedUntil() - end),
				duringFault.size(),
				(firstRejection != null) ? millis(firstRejection.end() - start) : null,
				firstRejection != null && firstRejection.end() < end,
				(longest != null) ? millis(longest.duration()) : null,
				longest != null && longest.status() == Call.NO_RESPONSE,
				longest != null && longest.end() >= end,
				since(p99, 0),
				duringFault.stream().collect(Collectors.groupingBy(Call::status, TreeMap::new, Collectors.counting())),
				duringFault.stream()
					.collect(Collectors.groupingBy((call) -> Objects.requireNonNullElse(call.failure(), SUCCESS),
							TreeMap::new, Collectors.counting())),
				since(timeline.checks()
					.stream()
					.filter((check) -> check.start() < end && check.end() > start)
					.mapToLong(HealthCheck::duration)
					.max(), 0),
				statusSequence(timeline.checks()
					.stream()
					.filter((check) -> check.end() < start)
					.max(Comparator.comparingLong(HealthCheck::end)), checks),
				firstEnd(checks, (check) -> "DOWN".equals(check.status()), start),
				upForGood(checks.stream().filter((check) -> check.start() >= end).toList(), end),
				since(timeline.calls()
					.stream()
					.filter((call) -> call.succeeded() && call.end() >= end)
					.mapToLong(Call::end)
					.min(), end),
				rejectedAfter.size(), since(rejectedAfter.stream().mapToLong(Call::end).max(), end), timeline.log());
	}

	private static Predicate<Call> startedIn(long from, long until) {
		return (call) -> call.start() >= from && call.start() < until;
	}

	private static @Nullable Double firstEnd(List<HealthCheck> checks, Predicate<HealthCheck> wanted, long origin) {
		return since(checks.stream().filter(wanted).mapToLong(HealthCheck::end).min(), origin);
	}

	private static @Nullable Double since(OptionalLong time, long origin) {
		return time.isPresent() ? millis(time.getAsLong() - origin) : null;
	}

	/** The end of the first check of the last run of UP checks, if the last check is UP. */
	private static @Nullable Double upForGood(List<HealthCheck> checks, long origin) {
		Long since = null;
		for (HealthCheck check : checks) {
			if (!"UP".equals(check.status())) {
				since = null;
			}
			else if (since == null) {
				since = check.end();
			}
		}
		return (since != null) ? millis(since - origin) : null;
	}

	private static List<String> statusSequence(Optional<HealthCheck> before, List<HealthCheck> checks) {
		List<String> sequence = new ArrayList<>();
		before.ifPresent((check) -> sequence.add(check.status()));
		for (HealthCheck check : checks) {
			if (sequence.isEmpty() || !sequence.get(sequence.size() - 1).equals(check.status())) {
				sequence.add(check.status());
			}
		}
		return sequence;
	}

	/** Nanoseconds as milliseconds, to a tenth. */
	static double millis(long nanos) {
		return Math.round(nanos / 100_000.0) / 10.0;
	}

}
