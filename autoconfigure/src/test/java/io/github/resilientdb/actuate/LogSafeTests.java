package io.github.resilientdb.actuate;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Tests for {@link LogSafe}.
 */
class LogSafeTests {

	@Test
	void lineBreaksAreEscaped() {
		assertThat(LogSafe.value("a\r\nINFO forged")).isEqualTo("a\\r\\nINFO forged");
		assertThat(LogSafe.value("a\u2028b\u2029c\u0085d")).isEqualTo("a\\u2028b\\u2029c\\u0085d");
	}

	@Test
	void terminalEscapesAndInvisibleCharactersAreEscaped() {
		assertThat(LogSafe.value("\u001b[2K\u001b[1Aok\u0000\u007f")).isEqualTo("\\u001b[2K\\u001b[1Aok\\u0000\\u007f");
		assertThat(LogSafe.value("admin\u202e\u200b")).isEqualTo("admin\\u202e\\u200b");
	}

	@Test
	void longTextIsCutAndSaysHowLongItWas() {
		String name = "n".repeat(10_240);
		assertThat(LogSafe.value(name)).isEqualTo("n".repeat(LogSafe.VALUE_LENGTH) + "...(10240 chars)");
		assertThat(LogSafe.message(name)).hasSize(LogSafe.MESSAGE_LENGTH + "...(10240 chars)".length());
	}

	@Test
	void ordinaryTextIsKept() {
		assertThat(LogSafe.value("jdbc-orders_2 é 東京")).isEqualTo("jdbc-orders_2 é 東京");
	}

}
