package io.github.resilientdb.sample;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Bad input answers 400 with a problem body, never 500, and nothing is stored.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class InputValidationTests {

	@LocalServerPort
	private int port;

	private RestClient http;

	@BeforeEach
	void createClient() {
		this.http = RestClient.create("http://127.0.0.1:" + this.port);
	}

	@Test
	void orderWithoutProductIdIsRefused() {
		assertRefused("/orders", "{\"quantity\":2}", "productId");
	}

	@Test
	void orderWithNegativeQuantityIsRefused() {
		assertRefused("/orders", "{\"productId\":\"p-1\",\"quantity\":-3}", "quantity");
	}

	@Test
	void orderWithFractionalQuantityIsRefused() {
		assertRefused("/orders", "{\"productId\":\"p-1\",\"quantity\":2.7}", null);
	}

	@Test
	void orderThatIsNotJsonIsRefused() {
		assertRefused("/orders", "{\"productId\":", null);
	}

	@Test
	void productWithNegativePriceIsRefused() {
		assertRefused("/products", "{\"name\":\"Teapot\",\"priceCents\":-1}", "priceCents");
	}

	@Test
	void productWithTwentyMegabyteNameIsRefused() {
		String name = "x".repeat(20 * 1024 * 1024);
		assertRefused("/products", "{\"name\":\"" + name + "\",\"priceCents\":100}", null);
	}

	private void assertRefused(String path, String body, String field) {
		Answer answer = this.http.post()
			.uri(path)
			.contentType(MediaType.APPLICATION_JSON)
			.body(body)
			.exchange((request, response) -> new Answer(response.getStatusCode().value(),
					String.valueOf(response.getHeaders().getContentType()),
					new String(response.getBody().readAllBytes())));
		assertThat(answer.status()).as(answer.body()).isEqualTo(400);
		assertThat(answer.contentType()).startsWith("application/problem+json");
		if (field != null) {
			assertThat(answer.body()).contains(field);
		}
	}

	private record Answer(int status, String contentType, String body) {

	}

}
