package io.github.resilientdb.sample;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.context.SpringBootTest.WebEnvironment;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The console in Debian's Chromium, headless, driven by Selenium through Debian's chromedriver: with the sample's
 * relational store cut through the demo switch and traffic on {@code /orders}, the page shows the datastore go DOWN
 * with its breaker OPEN, then come back UP and CLOSED once restored, all without a reload. A screenshot of each state
 * is written to {@code src-docs/images/}. Chromium missing is a failure, not a skip: CI installs it.
 */
@SpringBootTest(webEnvironment = WebEnvironment.RANDOM_PORT,
		properties = { "resilientdb.datastores.jdbc.circuit-breaker.minimum-number-of-calls=4",
				"resilientdb.datastores.jdbc.circuit-breaker.wait-duration-in-open-state=2s" })
class ConsoleBrowserTests {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path IMAGES = Path.of("..", "src-docs", "images");

	private static final Duration STATE_CHANGE = Duration.ofSeconds(60);

	@LocalServerPort
	private int port;

	private ChromeDriver browser;

	private Path profile;

	private final AtomicBoolean traffic = new AtomicBoolean(true);

	private final Set<Integer> statuses = ConcurrentHashMap.newKeySet();

	@BeforeEach
	void startBrowser() throws IOException {
		assertThat(CHROMIUM).as("Debian's chromium (apt-get install chromium chromium-driver)").isExecutable();
		assertThat(CHROMEDRIVER).as("Debian's chromedriver (apt-get install chromium-driver)").isExecutable();
		this.profile = Files.createTempDirectory("console-browser-");
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--disable-dev-shm-usage", "--user-data-dir=" + this.profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.withLogOutput(java.io.OutputStream.nullOutputStream())
			.build();
		this.browser = new ChromeDriver(service, options);
		this.browser.manage().window().setSize(new Dimension(1280, 1100));
	}

	@AfterEach
	void stopBrowser() throws IOException {
		this.traffic.set(false);
		if (this.browser != null) {
			this.browser.quit();
		}
		if (this.profile != null) {
			org.springframework.util.FileSystemUtils.deleteRecursively(this.profile);
		}
	}

	@Test
	void consoleShowsCutDatastoreGoDownAndComeBackWithoutReload() throws Exception {
		RestClient http = RestClient.create("http://127.0.0.1:" + this.port);
		startTraffic(http);
		this.browser.get("http://127.0.0.1:" + this.port + "/resilientdb");
		this.browser.executeScript("window.consoleLoadMarker = 'same page';");
		waitFor("jdbc", "UP", "breaker CLOSED");
		assertThat(this.browser.findElement(By.cssSelector("[data-datastore='jdbc'] [aria-label^='Operator actions']"))
			.isDisplayed()).as("operator actions without operator rights").isFalse();
		assertThat(this.browser.findElement(By.id("announcer")).getAttribute("aria-live")).isEqualTo("polite");
		screenshot("console-up.png");

		http.post().uri("/demo/datastores/jdbc/cut").retrieve().toBodilessEntity();
		waitFor("jdbc", "DOWN", "breaker OPEN");
		assertThat(text("jdbc", "reason")).isNotBlank();
		screenshot("console-down-open.png");
		this.browser.manage().window().setSize(new Dimension(390, 844));
		screenshot("console-down-open-phone.png");
		this.browser.manage().window().setSize(new Dimension(1280, 1100));
		assertThat(this.statuses).contains(503);

		http.post().uri("/demo/datastores/jdbc/restore").retrieve().toBodilessEntity();
		waitFor("jdbc", "UP", "breaker CLOSED");
		screenshot("console-recovered.png");
		assertThat(this.browser.executeScript("return window.consoleLoadMarker;")).as("the page was never reloaded")
			.isEqualTo("same page");
		assertThat(this.browser.findElement(By.id("announcer")).getDomProperty("textContent")).contains("jdbc: health DOWN");
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

	private void waitFor(String datastore, String health, String breaker) {
		new WebDriverWait(this.browser, STATE_CHANGE).withMessage(() -> datastore + " to show " + health + " and "
				+ breaker + "; page shows " + text(datastore, "health") + " / " + text(datastore, "breaker"))
			.until((driver) -> health.equals(text(datastore, "health")) && breaker.equals(text(datastore, "breaker")));
	}

	private String text(String datastore, String field) {
		try {
			WebElement element = this.browser
				.findElement(By.cssSelector("[data-datastore='" + datastore + "'] [data-field='" + field + "']"));
			return element.getText();
		}
		catch (RuntimeException ex) {
			return "(not shown)";
		}
	}

	private void screenshot(String name) throws IOException {
		File shot = ((org.openqa.selenium.TakesScreenshot) this.browser).getScreenshotAs(OutputType.FILE);
		Files.createDirectories(IMAGES);
		Files.copy(shot.toPath(), IMAGES.resolve(name), StandardCopyOption.REPLACE_EXISTING);
	}

}
