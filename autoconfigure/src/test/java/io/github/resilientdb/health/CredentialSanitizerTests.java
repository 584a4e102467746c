package io.github.resilientdb.health;

import java.util.List;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CredentialSanitizerTests {

	private final CredentialSanitizer sanitizer = new CredentialSanitizer();

	@Test
	void sanitizeShouldRemoveUserInfoOfUrls() {
		assertThat(this.sanitizer.sanitize("Unable to connect to redis://:s3cret@cache:6379/0"))
			.isEqualTo("Unable to connect to redis://******@cache:6379/0");
		assertThat(this.sanitizer.sanitize("mongodb://app:p%40ss@db1:27017,db2:27017/orders?replicaSet=rs0"))
			.isEqualTo("mongodb://******@db1:27017,db2:27017/orders?replicaSet=rs0");
		assertThat(this.sanitizer.sanitize("jdbc:mysql://root:toor@localhost:3306/app failed"))
			.isEqualTo("jdbc:mysql://******@localhost:3306/app failed");
		assertThat(this.sanitizer.sanitize("rediss://default:pa@ss@host:6380")).isEqualTo("rediss://******@host:6380");
	}

	@Test
	void sanitizeShouldKeepUrlsWithoutUserInfo() {
		String message = "Connection to jdbc:postgresql://127.0.0.1:5432/test refused; see https://example.com/a?b=c";
		assertThat(this.sanitizer.sanitize(message)).isEqualTo(message);
	}

	@Test
	void sanitizeShouldMaskPasswordParameters() {
		assertThat(this.sanitizer.sanitize("jdbc:postgresql://db/app?user=app&password=s3cret&ssl=true"))
			.isEqualTo("jdbc:postgresql://db/app?user=app&password=******&ssl=true");
		assertThat(this.sanitizer.sanitize("jdbc:sqlserver://db;user=sa;Password=s3cret;encrypt=true"))
			.isEqualTo("jdbc:sqlserver://db;user=sa;Password=******;encrypt=true");
		assertThat(this.sanitizer.sanitize("Invalid config {pwd: s3cret, apiKey='abc def', \"secret\": \"x y\"}"))
			.isEqualTo("Invalid config {pwd: ******, apiKey=******, \"secret\": ******}");
		assertThat(this.sanitizer.sanitize("MongoCredential{userName='app', password=<hidden>}"))
			.doesNotContain("<hidden>")
			.contains("password=******");
	}

	@Test
	void sanitizeShouldMaskOracleUserPassword() {
		assertThat(this.sanitizer.sanitize("jdbc:oracle:thin:scott/tiger@//db:1521/ORCL"))
			.isEqualTo("jdbc:oracle:thin:scott/******@//db:1521/ORCL");
	}

	@Test
	void sanitizeShouldMaskAuthorizationValues() {
		assertThat(this.sanitizer.sanitize("401 for Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.e30.abc"))
			.isEqualTo("401 for Authorization: Bearer ******");
	}

	@Test
	void sanitizeShouldMaskKnownSecretsWherever()  {
		CredentialSanitizer sanitizer = new CredentialSanitizer(List.of("hunter2", "", "  "));
		assertThat(sanitizer.sanitize("AUTH failed for user app with hunter2 (tried hunter2hunter2)"))
			.isEqualTo("AUTH failed for user app with ****** (tried ************)");
	}

	@Test
	void sanitizeShouldAcceptNullAndEmpty() {
		assertThat(this.sanitizer.sanitize(null)).isNull();
		assertThat(this.sanitizer.sanitize("")).isEmpty();
	}

}
