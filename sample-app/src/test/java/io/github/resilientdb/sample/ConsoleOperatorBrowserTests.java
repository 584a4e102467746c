package io.github.resilientdb.sample;

import java.time.Duration;
import java.util.Map;

import io.github.resilientdb.actuate.ResilientDbEndpoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's operator actions in a real headless browser: shown when the endpoint the page is pointed at says
 * {@code "operator": true}, and performed by POSTing to it. The endpoint here is a stand-in at
 * {@code /operator-test/resilientdb} that says so and hands the change to the real {@link ResilientDbEndpoint}, so
 * that the click provably moves the real breaker; who is an operator is the actuator endpoint's business.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = "resilientdb.console.actuator-path=/operator-test")
class ConsoleOperatorBrowserTests {

	@LocalServerPort
	private int port;

	private HeadlessChromium browser;

	@BeforeEach
	void startBrowser() throws Exception {
		this.browser = new HeadlessChromium();
	}

	@AfterEach
	void stopBrowser() {
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@Test
	void operatorForcesTheBreakerOpenAndResetsItFromThePage() throws Exception {
		this.browser.driver().get("http://127.0.0.1:" + this.port + "/resilientdb");
		this.browser.waitFor("jdbc", "UP", "breaker CLOSED", Duration.ofSeconds(30));
		WebElement actions = this.browser.driver()
			.findElement(By.cssSelector("[data-datastore='jdbc'] [aria-label^='Operator actions']"));
		this.browser.waitUntil(actions::isDisplayed, () -> "operator actions to be shown", Duration.ofSeconds(10));
		actions.findElement(By.xpath(".//button[text()='Force breaker open']")).click();
		this.browser.waitUntil(() -> this.browser.field("jdbc", "breaker").equals("breaker FORCED_OPEN"),
				() -> "breaker FORCED_OPEN; page shows " + this.browser.field("jdbc", "breaker"), Duration.ofSeconds(10));
		assertThat(actions.findElement(By.cssSelector(".result")).getText()).isEqualTo("Force breaker open: done.");
		this.browser.screenshot("console-operator.png");
		actions.findElement(By.xpath(".//button[text()='Reset breaker']")).click();
		this.browser.waitUntil(() -> this.browser.field("jdbc", "breaker").equals("breaker CLOSED"),
				() -> "breaker CLOSED; page shows " + this.browser.field("jdbc", "breaker"), Duration.ofSeconds(10));
	}

	@TestConfiguration(proxyBeanMethods = false)
	static class OperatorEndpointConfiguration {

		@Bean
		OperatorEndpoint operatorEndpoint(ResilientDbEndpoint endpoint) {
			return new OperatorEndpoint(endpoint);
		}

	}

	@RestController
	static class OperatorEndpoint {

		private final ResilientDbEndpoint endpoint;

		OperatorEndpoint(ResilientDbEndpoint endpoint) {
			this.endpoint = endpoint;
		}

		@GetMapping("/operator-test/resilientdb")
		Map<String, Object> read() {
			return Map.of("operator", true);
		}

		@PostMapping("/operator-test/resilientdb/{datastore}")
		Object change(@PathVariable String datastore, @RequestBody Map<String, Object> change) {
			return this.endpoint.change(datastore, change.get("breaker"), change.get("maximumPoolSize"), null, null,
					null, null, null, null, null);
		}

	}

}
