package io.github.resilientdb.benchmarks.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.time.format.DateTimeParseException;

import org.springframework.boot.convert.DurationStyle;

/**
 * The soak's command line: {@code DURATION [--seed=N] [--threads=N] [--fault=DURATION] [--gap=DURATION]
 * [--output=DIRECTORY]}, durations like {@code 60s} or {@code 10m}.
 *
 * @param duration how long the traffic runs, faults included
 * @param seed drives the fault schedule and every caller's choice of calls
 * @param threadsPerStore callers per store (4 stores)
 * @param fault how long each fault lasts
 * @param gap how long the healthy gap between faults lasts
 * @param output where the JSON and Markdown reports go
 */
record SoakOptions(Duration duration, long seed, int threadsPerStore, Duration fault, Duration gap, Path output) {

	static final String USAGE = "usage: SoakBenchmark DURATION [--seed=N] [--threads=N] [--fault=DURATION] "
			+ "[--gap=DURATION] [--output=DIRECTORY]   (e.g. 60s, 10m)";

	static SoakOptions parse(String... args) {
		if (args.length == 0) {
			throw new IllegalArgumentException("No duration given; " + USAGE);
		}
		Duration duration = duration("DURATION", args[0]);
		long seed = 1;
		int threads = 4;
		Duration fault = Duration.ofSeconds(4);
		Duration gap = Duration.ofSeconds(4);
		Path output = Path.of("benchmarks", "target");
		for (int i = 1; i < args.length; i++) {
			String[] option = args[i].split("=", 2);
			if (option.length != 2) {
				throw new IllegalArgumentException("Bad option '" + args[i] + "'; " + USAGE);
			}
			switch (option[0]) {
				case "--seed" -> seed = Long.parseLong(option[1]);
				case "--threads" -> threads = Integer.parseInt(option[1]);
				case "--fault" -> fault = duration(option[0], option[1]);
				case "--gap" -> gap = duration(option[0], option[1]);
				case "--output" -> output = Path.of(option[1]);
				default -> throw new IllegalArgumentException("Unknown option '" + option[0] + "'; " + USAGE);
			}
		}
		if (threads < 1 || duration.compareTo(fault.plus(gap)) < 0) {
			throw new IllegalArgumentException("--threads must be at least 1 and DURATION at least --fault plus --gap ("
					+ fault.plus(gap) + "); " + USAGE);
		}
		return new SoakOptions(duration, seed, threads, fault, gap, output);
	}

	private static Duration duration(String name, String value) {
		try {
			return DurationStyle.detectAndParse(value);
		}
		catch (IllegalArgumentException | DateTimeParseException ex) {
			throw new IllegalArgumentException("Bad " + name + " '" + value + "'; " + USAGE, ex);
		}
	}

}
