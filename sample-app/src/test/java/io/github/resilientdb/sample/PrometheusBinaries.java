package io.github.resilientdb.sample;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Finds the {@code prometheus} and {@code promtool} executables of the Debian package {@code prometheus} and runs
 * {@code promtool}. A missing executable fails the test with the command that installs it: these tests prove the
 * shipped rules against the real tools and must not pass without them.
 */
final class PrometheusBinaries {

	private static final List<String> FALLBACK_DIRECTORIES = List.of("/usr/bin", "/usr/local/bin", "/usr/sbin");

	private PrometheusBinaries() {
	}

	static Path prometheus() {
		return find("prometheus");
	}

	static Path promtool() {
		return find("promtool");
	}

	/**
	 * Runs {@code promtool} with the given arguments in {@code directory} and waits for it.
	 * @return its exit code and output (standard output and error)
	 */
	static Result promtool(Path directory, String... arguments) {
		List<String> command = new ArrayList<>();
		command.add(promtool().toString());
		command.addAll(List.of(arguments));
		try {
			Path output = Files.createTempFile("promtool", ".log");
			try {
				Process process = new ProcessBuilder(command).directory(directory.toFile())
					.redirectErrorStream(true)
					.redirectOutput(output.toFile())
					.start();
				process.getOutputStream().close();
				if (!process.waitFor(Duration.ofMinutes(1).toMillis(), TimeUnit.MILLISECONDS)) {
					process.destroyForcibly();
					throw new IllegalStateException(command + " did not finish within a minute");
				}
				return new Result(process.exitValue(), Files.readString(output, StandardCharsets.UTF_8));
			}
			finally {
				Files.deleteIfExists(output);
			}
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not run " + command, ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + command, ex);
		}
	}

	private static Path find(String name) {
		List<String> directories = new ArrayList<>();
		String path = System.getenv("PATH");
		if (path != null) {
			directories.addAll(List.of(path.split(File.pathSeparator)));
		}
		directories.addAll(FALLBACK_DIRECTORIES);
		for (String directory : directories) {
			Path candidate = Path.of(directory, name);
			if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
				return candidate;
			}
		}
		throw new AssertionError("'" + name + "' is not installed (looked in " + directories + "). The Prometheus "
				+ "tests need the Debian package prometheus: apt-get install prometheus (.ci/run installs it). "
				+ "The tests start their own private Prometheus; the system service need not run.");
	}

	/**
	 * What a {@code promtool} run gave.
	 *
	 * @param exitCode the exit code
	 * @param output standard output and error
	 */
	record Result(int exitCode, String output) {

	}

}
