package io.github.resilientdb.actuate;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.List;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.endpoint.SanitizableData;
import org.springframework.boot.actuate.endpoint.SanitizingFunction;

/**
 * Masks the credentials that {@code resilientdb.*} values may carry in {@code /actuator/env} and
 * {@code /actuator/configprops}, even with {@code show-values=always}: a value whose key names a secret (password,
 * secret, token, credentials, api key) is masked whole, and a URL (such as {@code resilientdb.alerts.webhook-url}, whose
 * path or query often is the secret of a chat or paging webhook) keeps only its scheme, host and port.
 */
public final class ResilientDbSanitizingFunction implements SanitizingFunction {

	private static final String PREFIX = "resilientdb.";

	private static final List<String> SECRET_KEY_PARTS = List.of("password", "secret", "token", "credential",
			"apikey", "api-key", "authorization");

	private static final String MASK = SanitizableData.SANITIZED_VALUE;

	@Override
	public SanitizableData apply(SanitizableData data) {
		String key = data.getLowerCaseKey();
		if (!key.startsWith(PREFIX) || data.getValue() == null) {
			return data;
		}
		if (SECRET_KEY_PARTS.stream().anyMatch(key::contains)) {
			return data.withSanitizedValue();
		}
		String masked = maskUrl(String.valueOf(data.getValue()));
		return (masked != null) ? data.withValue(masked) : data;
	}

	/**
	 * The URL with only its scheme, host and port left, or {@code null} if the text is no URL with a host.
	 */
	private static @Nullable String maskUrl(String text) {
		if (!text.contains("://")) {
			return null;
		}
		try {
			URI uri = new URI(text.trim());
			if (uri.getScheme() == null || uri.getHost() == null) {
				return MASK;
			}
			StringBuilder masked = new StringBuilder(uri.getScheme().toLowerCase(Locale.ROOT)).append("://");
			if (uri.getRawUserInfo() != null) {
				masked.append(MASK).append('@');
			}
			masked.append(uri.getHost());
			if (uri.getPort() != -1) {
				masked.append(':').append(uri.getPort());
			}
			String path = uri.getRawPath();
			if (path != null && !path.isEmpty() && !path.equals("/")) {
				masked.append('/').append(MASK);
			}
			if (uri.getRawQuery() != null) {
				masked.append('?').append(MASK);
			}
			return masked.toString();
		}
		catch (URISyntaxException ex) {
			return MASK;
		}
	}

}
