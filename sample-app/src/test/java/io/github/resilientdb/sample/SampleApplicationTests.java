package io.github.resilientdb.sample;

import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.core.ParameterizedTypeReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Starts the sample on its embedded defaults and uses it over HTTP, as a person would.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class SampleApplicationTests {

	@LocalServerPort
	private int port;

	@Autowired
	private ApplicationContext context;

	private RestClient http;

	@BeforeEach
	void createClient() {
		this.http = RestClient.create("http://127.0.0.1:" + this.port);
	}

	@Test
	void createdOrderShouldBeListed() {
		Order created = this.http.post()
			.uri("/orders")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("productId", "p-1", "quantity", 3))
			.retrieve()
			.body(Order.class);
		assertThat(created).isNotNull();
		assertThat(created.id()).isNotNull();
		List<Order> orders = this.http.get().uri("/orders").retrieve().body(new ParameterizedTypeReference<>() {
		});
		assertThat(orders).contains(created);
	}

	@Test
	void createdProductShouldBeListed() {
		Product created = this.http.post()
			.uri("/products")
			.contentType(MediaType.APPLICATION_JSON)
			.body(Map.of("name", "Teapot", "priceCents", 1250))
			.retrieve()
			.body(Product.class);
		assertThat(created).isNotNull();
		assertThat(created.id()).isNotNull();
		List<Product> products = this.http.get().uri("/products").retrieve().body(new ParameterizedTypeReference<>() {
		});
		assertThat(products).contains(created);
	}

	@Test
	void recordViewWhenRedisIsNotConfiguredShouldAnswerNotFound() {
		assertThat(this.context.getBeanNamesForType(ProductViews.class)).isEmpty();
		HttpStatusCode status = this.http.post()
			.uri("/products/p-1/views")
			.exchange((request, response) -> response.getStatusCode());
		assertThat(status).isEqualTo(HttpStatus.NOT_FOUND);
	}

	@Test
	void healthShouldBeUpWithJdbcAndMongoFromResilientDbInsteadOfBootsBlockingIndicators() {
		String health = this.http.get().uri("/actuator/health").retrieve().body(String.class);
		assertThat(health).contains("\"status\":\"UP\"")
			.contains("\"resilientDb\"")
			.contains("\"jdbc\"")
			.contains("\"mongo\"")
			.doesNotContain("\"db\"");
	}

	@Test
	void prometheusShouldExposeResilientDbAndResilience4jMetrics() {
		this.http.get().uri("/orders").retrieve().toBodilessEntity();
		this.http.get().uri("/products").retrieve().toBodilessEntity();
		String metrics = this.http.get().uri("/actuator/prometheus").retrieve().body(String.class);
		assertThat(metrics).containsPattern(
				"resilientdb_calls_seconds_count\\{[^}]*datastore=\"jdbc\"[^}]*outcome=\"success\"[^}]*\\} [1-9]");
		assertThat(metrics).containsPattern(
				"resilientdb_calls_seconds_count\\{[^}]*datastore=\"mongo\"[^}]*outcome=\"success\"[^}]*\\} [1-9]");
		assertThat(metrics).containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"jdbc\"[^}]*\\}");
		assertThat(metrics).containsPattern("resilience4j_circuitbreaker_state\\{[^}]*name=\"mongo\"[^}]*\\}");
	}

}
