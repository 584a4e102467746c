package io.github.resilientdb.sample;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in a real headless browser: with the sample's relational store cut through the demo switch and traffic
 * on {@code /orders}, the page shows the datastore go DOWN with its breaker OPEN, then come back UP and CLOSED once
 * restored, all without a reload. A screenshot of each state is written to {@code src-docs/images/}.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT)
class ConsoleBrowserTests {

	private static final Duration STATE_CHANGE = Duration.ofSeconds(60);

	@LocalServerPort
	private int port;

	private HeadlessChromium browser;

	private final AtomicBoolean traffic = new AtomicBoolean(true);

	private final Set<Integer> statuses = ConcurrentHashMap.newKeySet();

	@BeforeEach
	void startBrowser() throws Exception {
		this.browser = new HeadlessChromium();
	}

	@AfterEach
	void stopBrowser() {
		this.traffic.set(false);
		if (this.browser != null) {
			this.browser.close();
		}
	}

	@Test
	void consoleShowsCutDatastoreGoDownAndComeBackWithoutReload() throws Exception {
		RestClient http = RestClient.create("http://127.0.0.1:" + this.port);
		startTraffic(http);
		this.browser.driver().get("http://127.0.0.1:" + this.port + "/resilientdb");
		this.browser.driver().executeScript("window.consoleLoadMarker = 'same page';");
		this.browser.waitFor("jdbc", "UP", "breaker CLOSED", STATE_CHANGE);
		assertThat(this.browser.driver()
			.findElement(By.cssSelector("[data-datastore='jdbc'] [aria-label^='Operator actions']"))
			.isDisplayed()).as("operator actions without operator rights").isFalse();
		assertThat(this.browser.driver().findElement(By.id("announcer")).getAttribute("aria-live")).isEqualTo("polite");
		this.browser.screenshot("console-up.png");

		http.post().uri("/demo/datastores/jdbc/cut").retrieve().toBodilessEntity();
		this.browser.waitFor("jdbc", "DOWN", "breaker OPEN", STATE_CHANGE);
		assertThat(this.browser.field("jdbc", "reason")).isNotBlank();
		this.browser.screenshot("console-down-open.png");
		this.browser.size(390, 844);
		this.browser.screenshot("console-down-open-phone.png");
		this.browser.size(1280, 1100);
		assertThat(this.statuses).contains(503);

		http.post().uri("/demo/datastores/jdbc/restore").retrieve().toBodilessEntity();
		this.browser.waitFor("jdbc", "UP", "breaker CLOSED", STATE_CHANGE);
		this.browser.screenshot("console-recovered.png");
		assertThat(this.browser.driver().executeScript("return window.consoleLoadMarker;"))
			.as("the page was never reloaded")
			.isEqualTo("same page");
		assertThat(this.browser.driver().findElement(By.id("announcer")).getDomProperty("textContent"))
			.contains("jdbc: health DOWN");
	}

	private void startTraffic(RestClient http) {
		Thread thread = new Thread(() -> {
			while (this.traffic.get()) {
				try {
					this.statuses.add(http.get()
						.uri("/orders")
						.exchange((request, response) -> response.getStatusCode().value()));
					Thread.sleep(100);
				}
				catch (Exception ex) {
					this.statuses.add(-1);
				}
			}
		}, "console-browser-traffic");
		thread.setDaemon(true);
		thread.start();
	}

}
