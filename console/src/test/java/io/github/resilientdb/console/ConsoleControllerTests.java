package io.github.resilientdb.console;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;

import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.engine.DatastoreType;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The console served by a real server, reading a real datastore policy, meters and breaker events.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, classes = ConsoleControllerTests.App.class,
		properties = { "resilientdb.console.path=/ops/db", "resilientdb.datastores.shop.retry.max-retries=0" })
class ConsoleControllerTests {

	private final HttpClient http = HttpClient.newHttpClient();

	@LocalServerPort
	private int port;

	@Autowired
	private Store store;

	@Test
	void pageIsServedAtTheConfiguredPathWithItsBundledAssets() throws Exception {
		HttpResponse<String> page = get("/ops/db");
		assertThat(page.statusCode()).isEqualTo(200);
		assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying((type) -> assertThat(type).startsWith("text/html"));
		assertThat(page.headers().firstValue("Content-Security-Policy")).hasValueSatisfying((csp) -> assertThat(csp).contains("default-src 'self'"));
		assertThat(page.body()).contains("src=\"/ops/db/console.js\"", "href=\"/ops/db/console.css\"", "aria-live", "lang=\"en\"")
			.doesNotContain("http://", "https://", "{{base}}");
		assertThat(get("/ops/db/console.js").body()).contains("/state").doesNotContain("http://", "https://");
		assertThat(get("/ops/db/console.css").statusCode()).isEqualTo(200);
		assertThat(get("/resilientdb").statusCode()).isEqualTo(404);
	}

	@Test
	void stateShowsCallsByOutcomeBreakerAndErrorsWithoutCredentials() throws Exception {
		this.store.read();
		assertThatExceptionOfType(StoreException.class).isThrownBy(this.store::fail);
		HttpResponse<String> state = get("/ops/db/state");
		assertThat(state.statusCode()).isEqualTo(200);
		assertThat(state.headers().firstValue("Cache-Control")).hasValue("no-store");
		assertThat(state.body()).contains("\"name\":\"shop\"", "\"type\":\"shop\"", "\"state\":\"CLOSED\"",
				"\"outcome\":\"success\"", "\"outcome\":\"failure\"", "\"p99Millis\":", "\"actuatorPath\":\"/actuator\"",
				StoreException.class.getName(), "jdbc:postgresql://******@db:5432/shop")
			.doesNotContain("hunter2");
	}

	private HttpResponse<String> get(String path) throws Exception {
		return this.http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + this.port + path)).build(),
				HttpResponse.BodyHandlers.ofString());
	}

	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class App {

		@Bean
		DatastoreType shopDatastoreType() {
			return new DatastoreType("shop",
					(error) -> (error instanceof StoreException) ? ErrorCategory.PERMANENT : null, List.of());
		}

		@Bean
		Store store() {
			return new Store();
		}

	}

	static class Store {

		@ResilientDb(datastore = "shop")
		public String read() {
			return "ok";
		}

		@ResilientDb(datastore = "shop")
		public String fail() {
			throw new StoreException("cannot reach jdbc:postgresql://admin:hunter2@db:5432/shop password=hunter2");
		}

	}

	static class StoreException extends RuntimeException {

		StoreException(String message) {
			super(message);
		}

	}

}
