package io.github.resilientdb.sample;

import java.io.File;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.function.Supplier;

import org.openqa.selenium.By;
import org.openqa.selenium.Dimension;
import org.openqa.selenium.OutputType;
import org.openqa.selenium.chrome.ChromeDriver;
import org.openqa.selenium.chrome.ChromeDriverService;
import org.openqa.selenium.chrome.ChromeOptions;
import org.openqa.selenium.support.ui.WebDriverWait;

import org.springframework.util.FileSystemUtils;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Debian's Chromium, headless, driven through Debian's chromedriver (nothing is downloaded), with a new empty
 * profile; and the console page as a test reads it. Chromium missing fails the test: CI installs it.
 */
final class HeadlessChromium implements AutoCloseable {

	private static final Path CHROMIUM = Path.of("/usr/bin/chromium");

	private static final Path CHROMEDRIVER = Path.of("/usr/bin/chromedriver");

	private static final Path IMAGES = Path.of("..", "src-docs", "images");

	private static final Path SCREENSHOTS = Path.of("target", "screenshots");

	private final ChromeDriver driver;

	private final Path profile;

	HeadlessChromium() throws IOException {
		assertThat(CHROMIUM).as("Debian's chromium (apt-get install chromium chromium-driver)").isExecutable();
		assertThat(CHROMEDRIVER).as("Debian's chromedriver (apt-get install chromium-driver)").isExecutable();
		this.profile = Files.createTempDirectory("console-browser-");
		ChromeOptions options = new ChromeOptions().setBinary(CHROMIUM.toFile())
			.addArguments("--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
					"--disable-background-networking", "--disable-component-update", "--disable-sync",
					"--disable-dev-shm-usage", "--user-data-dir=" + this.profile);
		ChromeDriverService service = new ChromeDriverService.Builder().usingDriverExecutable(CHROMEDRIVER.toFile())
			.usingAnyFreePort()
			.withLogOutput(OutputStream.nullOutputStream())
			.build();
		this.driver = new ChromeDriver(service, options);
		size(1280, 1100);
	}

	ChromeDriver driver() {
		return this.driver;
	}

	void size(int width, int height) {
		this.driver.manage().window().setSize(new Dimension(width, height));
	}

	/**
	 * The text of one field of a datastore's section of the console.
	 */
	String field(String datastore, String field) {
		try {
			return this.driver
				.findElement(By.cssSelector("[data-datastore='" + datastore + "'] [data-field='" + field + "']"))
				.getText();
		}
		catch (RuntimeException ex) {
			return "(not shown)";
		}
	}

	void waitFor(String datastore, String health, String breaker, Duration timeout) {
		waitUntil(() -> health.equals(field(datastore, "health")) && breaker.equals(field(datastore, "breaker")),
				() -> datastore + " to show " + health + " and " + breaker + "; page shows "
						+ field(datastore, "health") + " / " + field(datastore, "breaker"),
				timeout);
	}

	void waitUntil(Supplier<Boolean> condition, Supplier<String> what, Duration timeout) {
		new WebDriverWait(this.driver, timeout).withMessage(what).until((driver) -> condition.get());
	}

	/**
	 * Saves a screenshot in {@code target/screenshots/}, and in {@code src-docs/images/} when it is not there yet or
	 * {@code -Dscreenshots.update=true} asks to refresh the committed ones (a build never rewrites them otherwise).
	 */
	void screenshot(String name) throws IOException {
		File shot = this.driver.getScreenshotAs(OutputType.FILE);
		Files.createDirectories(SCREENSHOTS);
		Files.copy(shot.toPath(), SCREENSHOTS.resolve(name), StandardCopyOption.REPLACE_EXISTING);
		if (!Files.exists(IMAGES.resolve(name)) || Boolean.getBoolean("screenshots.update")) {
			Files.createDirectories(IMAGES);
			Files.copy(shot.toPath(), IMAGES.resolve(name), StandardCopyOption.REPLACE_EXISTING);
		}
	}

	@Override
	public void close() {
		this.driver.quit();
		FileSystemUtils.deleteRecursively(this.profile.toFile());
	}

}
