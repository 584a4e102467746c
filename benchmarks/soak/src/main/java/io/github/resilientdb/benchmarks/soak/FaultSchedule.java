package io.github.resilientdb.benchmarks.soak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * When each fault happens, as offsets from the start of the run: a healthy lead-in, then windows of one fault each
 * separated by healthy gaps, the kinds drawn from the seed (every kind once per round, in a shuffled order), and a
 * healthy tail. The same seed and durations give the same schedule.
 */
final class FaultSchedule {

	private final List<Window> windows;

	private FaultSchedule(List<Window> windows) {
		this.windows = List.copyOf(windows);
	}

	static FaultSchedule of(long seed, Duration duration, Duration fault, Duration gap) {
		Random random = new Random(seed);
		List<FaultKind> round = new ArrayList<>();
		List<Window> windows = new ArrayList<>();
		long leadIn = Math.min(gap.toNanos(), duration.toNanos() / 10);
		long end = duration.toNanos() - leadIn;
		for (long start = leadIn; start + fault.toNanos() <= end; start += fault.toNanos() + gap.toNanos()) {
			if (round.isEmpty()) {
				round.addAll(Arrays.asList(FaultKind.values()));
				Collections.shuffle(round, random);
			}
			windows.add(new Window(windows.size(), round.remove(0), start, start + fault.toNanos()));
		}
		return new FaultSchedule(windows);
	}

	List<Window> windows() {
		return this.windows;
	}

	/** The window whose fault is in place at {@code offset} nanoseconds into the run, or {@code null}. */
	Window at(long offset) {
		Window last = lastStartedBy(offset);
		return (last != null && offset < last.end()) ? last : null;
	}

	/** The last window that started at or before {@code offset}, or {@code null}. */
	Window lastStartedBy(long offset) {
		int low = 0;
		int high = this.windows.size() - 1;
		Window found = null;
		while (low <= high) {
			int middle = (low + high) >>> 1;
			Window window = this.windows.get(middle);
			if (window.start() <= offset) {
				found = window;
				low = middle + 1;
			}
			else {
				high = middle - 1;
			}
		}
		return found;
	}

	/** One fault: its kind and when it is in place, in nanoseconds from the start of the run. */
	record Window(int index, FaultKind kind, long start, long end) {
	}

}
