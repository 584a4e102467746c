package io.github.resilientdb.test;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalStateException;

class ProxiedJdbcConnectionDetailsTests {

	private final ChaosProxies proxies = new ChaosProxies();

	@AfterEach
	void closeProxies() {
		this.proxies.close();
	}

	@Test
	void pointsTheUrlAtTheProxyAndKeepsTheRestAndTheCredentials() {
		JdbcConnectionDetails proxied = wrap("jdbc:postgresql://127.0.0.5:6543/orders?ssl=false&socketTimeout=3");

		assertThat(proxied.getJdbcUrl()).isEqualTo(
				"jdbc:postgresql://127.0.0.1:" + this.proxies.jdbc().port() + "/orders?ssl=false&socketTimeout=3");
		assertThat(proxied.getUsername()).isEqualTo("user");
		assertThat(proxied.getPassword()).isEqualTo("secret");
		assertThat(this.proxies.jdbc().toString()).contains("-> 127.0.0.5:6543");
	}

	@Test
	void usesTheDriversDefaultPortWhenTheUrlHasNone() {
		wrap("jdbc:mariadb://localhost/test");

		assertThat(this.proxies.jdbc().toString()).contains("-> localhost:3306");
	}

	@Test
	void rejectsUrlsWithSeveralHostsNamingTheBeanAndTheProperty() {
		assertThatIllegalStateException()
			.isThrownBy(() -> wrap("jdbc:postgresql://one:5432,two:5432/test?targetServerType=primary"))
			.withMessageContaining("bean 'jdbcConnectionDetails'")
			.withMessageContaining("spring.datasource.url")
			.withMessageNotContaining("secret");
	}

	private JdbcConnectionDetails wrap(String url) {
		JdbcConnectionDetails original = new JdbcConnectionDetails() {

			@Override
			public String getJdbcUrl() {
				return url;
			}

			@Override
			public String getUsername() {
				return "user";
			}

			@Override
			public String getPassword() {
				return "secret";
			}

		};
		return ProxiedJdbcConnectionDetails.wrap(original, "jdbcConnectionDetails", this.proxies);
	}

}
