package io.github.resilientdb.sample;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The demo switch over HTTP: cutting the relational store makes {@code /orders} fail, restoring it makes it answer
 * again, without restarting anything.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class DemoSwitchTests {

	@LocalServerPort
	private int port;

	private RestClient http;

	@BeforeEach
	void createClient() {
		this.http = RestClient.create("http://127.0.0.1:" + this.port);
	}

	@Test
	void cutAndRestoreTheRelationalStore() {
		assertThat(states()).containsEntry("jdbc", false).containsEntry("mongo", false);
		assertThat(ordersStatus()).isEqualTo(200);
		this.http.post().uri("/demo/datastores/jdbc/cut").retrieve().toBodilessEntity();
		try {
			assertThat(states()).containsEntry("jdbc", true);
			await().atMost(Duration.ofSeconds(30)).until(() -> ordersStatus() >= 500);
		}
		finally {
			this.http.post().uri("/demo/datastores/jdbc/restore").retrieve().toBodilessEntity();
		}
		assertThat(states()).containsEntry("jdbc", false);
		await().atMost(Duration.ofSeconds(30)).until(() -> ordersStatus() == 200);
	}

	@Test
	void cutAndRestoreTheDocumentStoreAsTheConsoleSeesIt() {
		assertThat(mongoHealth()).isIn("UP", "DEGRADED");
		this.http.post().uri("/demo/datastores/mongo/cut").retrieve().toBodilessEntity();
		try {
			await().atMost(Duration.ofSeconds(30)).until(() -> "DOWN".equals(mongoHealth()));
			int products = this.http.get()
				.uri("/products")
				.exchange((request, response) -> response.getStatusCode().value());
			assertThat(products).as("products are listed from the fallback while MongoDB is cut").isEqualTo(200);
		}
		finally {
			this.http.post().uri("/demo/datastores/mongo/restore").retrieve().toBodilessEntity();
		}
		await().atMost(Duration.ofSeconds(30)).until(() -> "UP".equals(mongoHealth()));
	}

	@Test
	void unknownDatastoreIsNotFound() {
		int status = this.http.post()
			.uri("/demo/datastores/nope/cut")
			.exchange((request, response) -> response.getStatusCode().value());
		assertThat(status).isEqualTo(404);
	}

	private Map<String, Boolean> states() {
		return this.http.get().uri("/demo/datastores").retrieve().body(new ParameterizedTypeReference<>() {
		});
	}

	@SuppressWarnings("unchecked")
	private String mongoHealth() {
		Map<String, Object> state = this.http.get()
			.uri("/resilientdb/state")
			.retrieve()
			.body(new ParameterizedTypeReference<>() {
			});
		for (Map<String, Object> datastore : (List<Map<String, Object>>) state.get("datastores")) {
			if ("mongo".equals(datastore.get("name"))) {
				return (String) ((Map<String, Object>) datastore.get("health")).get("status");
			}
		}
		return "(missing)";
	}

	private int ordersStatus() {
		return this.http.get().uri("/orders").exchange((request, response) -> response.getStatusCode().value());
	}

}
