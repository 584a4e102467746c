package io.github.resilientdb.sample;

import java.time.Duration;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.WebElement;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console's operator actions in a real headless browser, against the real {@code resilientdb} actuator endpoint:
 * shown because the endpoint says {@code "operator": true} (changes are opened to anyone here, as an application
 * without Spring Security must say explicitly), and performed by POSTing to it, so that the click provably moves the
 * real breaker. {@code ConsoleBrowserTests} shows the page read-only on the sample's own settings.
 */
// Its own settings make its own application, with its own embedded servers: closed when done, so that no other
// test class meets it.
@DirtiesContext
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT, properties = "resilientdb.endpoint.writes=anyone")
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

}
