package io.github.resilientdb.actuate;

import java.time.Duration;

import org.springframework.boot.convert.DurationStyle;

/**
 * Reads the values of a change request: JSON numbers and strings over HTTP (where actuator hands the body over as
 * text), any {@link Number} or {@link String} otherwise. Every invalid value is reported with its field.
 */
final class RequestValues {

	private static final int MAX_ECHOED_LENGTH = 64;

	private RequestValues() {
	}

	static int wholeNumber(String field, Object value) {
		String text = value.toString().trim();
		try {
			return Integer.parseInt(text);
		}
		catch (NumberFormatException ex) {
			throw invalid(field, value, "a whole number");
		}
	}

	static double number(String field, Object value) {
		try {
			double number = Double.parseDouble(value.toString().trim());
			if (Double.isFinite(number)) {
				return number;
			}
		}
		catch (NumberFormatException ex) {
			// reported below
		}
		throw invalid(field, value, "a number");
	}

	static Duration duration(String field, Object value) {
		if (value instanceof Number number && number.doubleValue() == number.longValue()) {
			return Duration.ofMillis(number.longValue());
		}
		try {
			return DurationStyle.detectAndParse(value.toString().trim());
		}
		catch (IllegalArgumentException ex) {
			throw invalid(field, value, "a duration such as 250ms, 2s or PT0.25S (a bare number is milliseconds)");
		}
	}

	static InvalidChangeException invalid(String field, Object value, String requirement) {
		return new InvalidChangeException(field,
				"Invalid value '" + echo(value) + "' for '" + field + "': " + requirement);
	}

	static String format(Duration duration) {
		if (duration.toNanosPart() % 1_000_000 != 0) {
			return duration.toString();
		}
		long millis = duration.toMillis();
		return (millis % 1000 == 0 && millis != 0) ? (millis / 1000) + "s" : millis + "ms";
	}

	/**
	 * A value given by the caller, safe to put in a message or a log line: single-line and short.
	 * @param value the value
	 * @return the value as text
	 */
	static String echo(Object value) {
		String text = value.toString().replaceAll("\\p{Cntrl}", "_");
		return (text.length() > MAX_ECHOED_LENGTH) ? text.substring(0, MAX_ECHOED_LENGTH) + "..." : text;
	}

}
