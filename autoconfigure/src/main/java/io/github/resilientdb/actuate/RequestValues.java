package io.github.resilientdb.actuate;

import java.math.BigDecimal;
import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;

/**
 * Reads the values of a change request: JSON numbers and strings over HTTP (where actuator hands the body over as
 * text), any {@link Number} or {@link String} otherwise. Every value must lie in the range the endpoint accepts for
 * its field; an invalid one is reported with its field and that range, and echoed only as {@link LogSafe} makes it.
 */
final class RequestValues {

	/**
	 * Longest text read as a number or a duration; anything longer is refused without being parsed.
	 */
	private static final int MAX_PARSED_LENGTH = 40;

	private RequestValues() {
	}

	static int wholeNumber(String field, Object value, int min, int max) {
		String requirement = "a whole number from " + min + " to " + max;
		String text = text(field, value, requirement);
		try {
			BigDecimal number = new BigDecimal(text);
			if (number.compareTo(BigDecimal.valueOf(min)) >= 0 && number.compareTo(BigDecimal.valueOf(max)) <= 0) {
				return number.intValueExact();
			}
		}
		catch (NumberFormatException | ArithmeticException ex) {
			// reported below
		}
		throw invalid(field, value, requirement);
	}

	static double number(String field, Object value, double min, double max, boolean maxIncluded) {
		String requirement = "a number from " + min + " (inclusive) to " + max
				+ (maxIncluded ? " (inclusive)" : " (exclusive)");
		String text = text(field, value, requirement);
		try {
			double number = Double.parseDouble(text);
			if (number >= min && (maxIncluded ? number <= max : number < max)) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw invalid(field, value, requirement);
	}

	static Duration duration(String field, Object value, Duration min, Duration max) {
		String requirement = "a duration from " + format(min) + " to " + format(max)
				+ " such as 250ms, 2s or PT0.25S (a bare number is milliseconds)";
		String text = text(field, value, requirement);
		try {
			Duration duration = (value instanceof Number number)
					? Duration.ofMillis(new BigDecimal(text).longValueExact()) : DurationStyle.detectAndParse(text);
			if (duration.compareTo(min) >= 0 && duration.compareTo(max) <= 0) {
				return duration;
			}
		}
		catch (RuntimeException ex) {
			// reported below: unparseable, fractional or beyond what a Duration holds
		}
		throw invalid(field, value, requirement);
	}

	private static String text(String field, Object value, String requirement) {
		String text = value.toString().trim();
		if (text.length() > MAX_PARSED_LENGTH) {
			throw invalid(field, value, requirement);
		}
		return text;
	}

	static InvalidChangeException invalid(String field, Object value, String requirement) {
		return new InvalidChangeException(field, requirement,
				"Invalid value '" + LogSafe.value(value) + "' for '" + field + "': " + requirement);
	}

	static String format(Duration duration) {
		if (duration.toNanosPart() % 1_000_000 != 0) {
			return duration.toString();
		}
		long millis = duration.toMillis();
		if (millis % 60_000 == 0 && millis != 0) {
			return (millis / 60_000) + "m";
		}
		return (millis % 1000 == 0 && millis != 0) ? (millis / 1000) + "s" : millis + "ms";
	}

}
