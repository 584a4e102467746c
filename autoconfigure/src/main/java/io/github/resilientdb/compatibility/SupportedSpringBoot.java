package io.github.resilientdb.compatibility;

import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * The Spring Boot release lines (major.minor) the starter is built and tested against.
 */
public final class SupportedSpringBoot {

	/**
	 * The supported lines, oldest first.
	 */
	public static final List<String> LINES = List.of("4.0", "4.1");

	private static final Pattern LINE = Pattern.compile("^(\\d+)\\.(\\d+)(?:[.-].*)?$");

	private SupportedSpringBoot() {
	}

	/**
	 * The release line of a Spring Boot version, or {@code null} when the version cannot be read.
	 * @param version a version such as {@code 4.0.9} or {@code 4.1.0-RC1}
	 * @return its line, such as {@code 4.0}
	 */
	static @Nullable String line(@Nullable String version) {
		if (version == null) {
			return null;
		}
		Matcher matcher = LINE.matcher(version.trim());
		return matcher.matches() ? matcher.group(1) + "." + matcher.group(2) : null;
	}

	/**
	 * Whether a Spring Boot version belongs to a supported line; a version that cannot be read (no jar manifest, as
	 * in some IDE set-ups) is given the benefit of the doubt.
	 * @param version the version, possibly {@code null}
	 * @return whether the starter supports it
	 */
	static boolean isSupported(@Nullable String version) {
		String line = line(version);
		return line == null || LINES.contains(line);
	}

	/**
	 * The supported lines for messages, like {@code 4.0.x and 4.1.x}.
	 * @return the lines in words
	 */
	static String describe() {
		List<String> lines = LINES.stream().map((line) -> line + ".x").toList();
		return String.join(", ", lines.subList(0, lines.size() - 1)) + " and " + lines.get(lines.size() - 1);
	}

}
