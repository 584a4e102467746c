package io.github.resilientdb.benchmarks.outage;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.boot.convert.DurationStyle;

/**
 * The drill's settings, from {@code --name=value} arguments; durations as {@code 10s}, {@code 250ms}, ...
 *
 * @param fault how long each outage lasts ({@code --fault}, default 10 s)
 * @param shortFault how long the short fault lasts ({@code --short-fault}, default 6 s)
 * @param settle how long callers go on after a fault at least ({@code --settle}, default 5 s)
 * @param recovery how long to wait at most after a fault for a success and health UP ({@code --recovery}, default
 * 30 s)
 * @param callTimeout how long a caller waits for a response at most ({@code --call-timeout}, default 30 s)
 * @param pause how long each caller waits between its calls ({@code --pause}, default 20 ms)
 * @param healthInterval how often health is polled ({@code --health-interval}, default 250 ms)
 * @param output where the report and the application logs go ({@code --out}, default
 * {@code benchmarks/target/outage-drill})
 * @param only the scenarios to run ({@code --only=a,b}), empty for all
 */
record DrillOptions(Duration fault, Duration shortFault, Duration settle, Duration recovery, Duration callTimeout,
		Duration pause, Duration healthInterval, Path output, Set<String> only) {

	private static final Map<String, String> DEFAULTS = Map.of("fault", "10s", "short-fault", "6s", "settle", "5s",
			"recovery", "30s", "call-timeout", "30s", "pause", "20ms", "health-interval", "250ms", "out",
			"benchmarks/target/outage-drill", "only", "");

	/**
	 * Reads the options from the command line.
	 * @param args {@code --name=value} arguments
	 * @return the options
	 * @throws IllegalArgumentException naming the argument that is unknown or malformed
	 */
	static DrillOptions parse(String... args) {
		Map<String, String> values = new LinkedHashMap<>(DEFAULTS);
		for (String arg : args) {
			int equals = arg.indexOf('=');
			String name = (arg.startsWith("--") && equals > 2) ? arg.substring(2, equals) : null;
			if (name == null || !DEFAULTS.containsKey(name)) {
				throw new IllegalArgumentException(
						"Unknown argument '" + arg + "'; known: --name=value with name one of " + DEFAULTS.keySet());
			}
			values.put(name, arg.substring(equals + 1));
		}
		String only = values.get("only");
		return new DrillOptions(duration(values, "fault"), duration(values, "short-fault"),
				duration(values, "settle"), duration(values, "recovery"), duration(values, "call-timeout"),
				duration(values, "pause"), duration(values, "health-interval"), Path.of(values.get("out")),
				only.isBlank() ? Set.of() : Set.copyOf(List.of(only.split(","))));
	}

	private static Duration duration(Map<String, String> values, String name) {
		String value = values.get(name);
		try {
			Duration duration = DurationStyle.detectAndParse(value);
			if (duration.isNegative()) {
				throw new IllegalArgumentException("negative");
			}
			return duration;
		}
		catch (IllegalArgumentException ex) {
			throw new IllegalArgumentException("--" + name + "=" + value + " is not a duration such as 10s or 250ms",
					ex);
		}
	}

}
