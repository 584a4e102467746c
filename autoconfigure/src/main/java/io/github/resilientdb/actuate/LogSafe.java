package io.github.resilientdb.actuate;

/**
 * Makes text a caller chose safe to put in a log line, an audit event or an answer: control characters (CR, LF,
 * ANSI escapes, C1 controls), line and paragraph separators and invisible format characters (bidirectional overrides)
 * are written as escapes such as {@code \n} or {@code \u001b}, and the text is cut to a bounded length that says how
 * long it was. The result is one line that cannot pass for another.
 */
final class LogSafe {

	/**
	 * Longest part of a single value kept.
	 */
	static final int VALUE_LENGTH = 64;

	/**
	 * Longest part of a message kept.
	 */
	static final int MESSAGE_LENGTH = 1024;

	private LogSafe() {
	}

	static String value(Object value) {
		return text(value, VALUE_LENGTH);
	}

	static String message(Object value) {
		return text(value, MESSAGE_LENGTH);
	}

	private static String text(Object value, int maxLength) {
		String text = String.valueOf(value);
		int kept = Math.min(text.length(), maxLength);
		StringBuilder safe = new StringBuilder(kept + 24);
		for (int i = 0; i < kept; i++) {
			char c = text.charAt(i);
			switch (c) {
				case '\n' -> safe.append("\\n");
				case '\r' -> safe.append("\\r");
				case '\t' -> safe.append("\\t");
				default -> {
					if (needsEscape(c)) {
						safe.append(String.format("\\u%04x", (int) c));
					}
					else {
						safe.append(c);
					}
				}
			}
		}
		if (kept < text.length()) {
			safe.append("...(").append(text.length()).append(" chars)");
		}
		return safe.toString();
	}

	private static boolean needsEscape(char c) {
		if (Character.isISOControl(c)) {
			return true;
		}
		int type = Character.getType(c);
		return type == Character.LINE_SEPARATOR || type == Character.PARAGRAPH_SEPARATOR
				|| type == Character.FORMAT;
	}

}
