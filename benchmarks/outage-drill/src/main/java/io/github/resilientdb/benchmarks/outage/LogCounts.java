package io.github.resilientdb.benchmarks.outage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What the application logged in a window of the drill, counted from its log file, written with
 * {@link #FILE_PATTERN}.
 *
 * @param lines every line
 * @param stackFrames lines of a stack trace ({@code "\tat ..."})
 * @param warnings WARN events, from any logger
 * @param errors ERROR events, from any logger
 * @param starterWarnings WARN and ERROR events from the starter's loggers ({@value #STARTER_LOGGERS}*)
 */
record LogCounts(int lines, int stackFrames, int warnings, int errors, int starterWarnings) {

	/** The layout of the application's log file: the full logger name, so the starter's lines can be told apart. */
	static final String FILE_PATTERN = "%d{HH:mm:ss.SSS} %-5level [%thread] %logger : %msg%n";

	static final String STARTER_LOGGERS = "io.github.resilientdb.";

	private static final Pattern STACK_FRAME = Pattern.compile("^\\s+at ");

	/** The start of an event's first line: time, level, thread, logger. */
	private static final Pattern EVENT = Pattern
		.compile("^\\d\\d:\\d\\d:\\d\\d\\.\\d{3} (\\w+)\\s+\\[[^\\]]*\\] (\\S+) : ");

	/**
	 * Counts the lines of {@code text}.
	 * @param text whole lines of the log
	 * @return the counts
	 */
	static LogCounts of(String text) {
		int lines = 0;
		int stackFrames = 0;
		int warnings = 0;
		int errors = 0;
		int starterWarnings = 0;
		for (String line : text.split("\\R")) {
			if (line.isEmpty()) {
				continue;
			}
			lines++;
			if (STACK_FRAME.matcher(line).find()) {
				stackFrames++;
				continue;
			}
			Matcher event = EVENT.matcher(line);
			if (!event.find()) {
				continue;
			}
			boolean warn = "WARN".equals(event.group(1));
			boolean error = "ERROR".equals(event.group(1));
			warnings += warn ? 1 : 0;
			errors += error ? 1 : 0;
			if ((warn || error) && event.group(2).startsWith(STARTER_LOGGERS)) {
				starterWarnings++;
			}
		}
		return new LogCounts(lines, stackFrames, warnings, errors, starterWarnings);
	}

	/**
	 * Counts what was written to {@code file} between two of its sizes.
	 * @param file the log file
	 * @param from the file's size when the window opened
	 * @param to the file's size when it closed
	 * @return the counts
	 */
	static LogCounts between(Path file, long from, long to) {
		try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
			ByteBuffer buffer = ByteBuffer.allocate((int) Math.max(0, to - from));
			while (buffer.hasRemaining() && channel.read(buffer, from + buffer.position()) > 0) {
				// reads until the window is complete
			}
			return of(new String(buffer.array(), 0, buffer.position(), StandardCharsets.UTF_8));
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not read the application's log " + file, ex);
		}
	}

}
