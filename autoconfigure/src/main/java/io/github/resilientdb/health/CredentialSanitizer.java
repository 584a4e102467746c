package io.github.resilientdb.health;

import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

/**
 * Removes credentials from error messages before they are shown in health details or logged: the user information
 * of URLs ({@code scheme://user:password@host}), {@code password=...}-like parameters in any of their usual
 * spellings, Oracle's {@code user/password@host}, HTTP authorization values, and every configured secret wherever it
 * appears.
 */
public final class CredentialSanitizer {

	static final String MASK = "******";

	private static final Pattern URL_USER_INFO = Pattern.compile("(?i)\\b([a-z][a-z0-9+.\\-]*://)[^\\s/?#]*@");

	private static final Pattern KEY_VALUE = Pattern.compile("(?i)\\b(password|passwd|pwd|secret|client[_-]?secret"
			+ "|api[_-]?key|access[_-]?key|secret[_-]?key|access[_-]?token|auth[_-]?token|credentials?"
			+ "|sasl\\.jaas\\.config)([\"']?\\s*[=:]\\s*)(\"[^\"]*\"|'[^']*'|[^\\s&;,)}\\]]+)");

	private static final Pattern ORACLE_USER_PASSWORD = Pattern
		.compile("(?i)(jdbc:oracle:[a-z0-9]+:)([^/@\\s:]+)/[^@\\s]+@");

	private static final Pattern AUTHORIZATION = Pattern.compile("(?i)\\b(bearer|basic)\\s+[a-z0-9._~+/=\\-]{8,}");

	private final List<String> secrets;

	/**
	 * Creates a sanitizer that knows no secret beyond the patterns.
	 */
	public CredentialSanitizer() {
		this(List.of());
	}

	/**
	 * Creates a sanitizer.
	 * @param secrets configured secrets to mask wherever they appear; blank ones are ignored
	 */
	public CredentialSanitizer(Collection<String> secrets) {
		this.secrets = secrets.stream()
			.filter((secret) -> !secret.isBlank())
			.distinct()
			.sorted(Comparator.comparingInt(String::length).reversed())
			.toList();
	}

	/**
	 * Removes credentials from a message.
	 * @param message the message
	 * @return the message without credentials, or {@code null} if it was {@code null}
	 */
	public @Nullable String sanitize(@Nullable String message) {
		if (message == null || message.isEmpty()) {
			return message;
		}
		String sanitized = message;
		for (String secret : this.secrets) {
			sanitized = sanitized.replace(secret, MASK);
		}
		sanitized = URL_USER_INFO.matcher(sanitized).replaceAll("$1" + MASK + "@");
		sanitized = ORACLE_USER_PASSWORD.matcher(sanitized).replaceAll("$1$2/" + MASK + "@");
		sanitized = KEY_VALUE.matcher(sanitized).replaceAll("$1$2" + MASK);
		sanitized = AUTHORIZATION.matcher(sanitized).replaceAll("$1 " + MASK);
		return sanitized;
	}

}
