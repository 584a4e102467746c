package io.github.resilientdb.web;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import io.github.resilientdb.DatabaseUnavailableException;
import io.github.resilientdb.web.autoconfigure.ResilientDbWebMvcAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A refused database call over real HTTP on an embedded Tomcat with Spring Boot's error handling: a browser gets
 * Spring Boot's HTML error page with status 503 and {@code Retry-After}, an API client gets the problem.
 */
class DatabaseUnavailableErrorPageIntegrationTests {

	private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner(
			AnnotationConfigServletWebServerApplicationContext::new)
		.withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, JacksonAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class, WebMvcAutoConfiguration.class,
				ErrorMvcAutoConfiguration.class, ResilientDbWebMvcAutoConfiguration.class))
		.withUserConfiguration(OrdersController.class)
		.withPropertyValues("server.port=0");

	@Test
	void browserGetsBootsHtmlErrorPageWith503AndRetryAfter() {
		this.runner.run((context) -> {
			HttpResponse<String> response = get(context, BROWSER_ACCEPT);
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.headers().firstValue("Retry-After")).hasValue("10");
			assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
					(type) -> assertThat(type).startsWith("text/html"));
			assertThat(response.body()).contains("Whitelabel Error Page", "Service Unavailable", "503");
		});
	}

	@Test
	void apiClientGetsProblemWith503AndRetryAfter() {
		this.runner.run((context) -> {
			HttpResponse<String> response = get(context, "application/json");
			assertThat(response.statusCode()).isEqualTo(503);
			assertThat(response.headers().firstValue("Retry-After")).hasValue("10");
			assertThat(response.headers().firstValue("Content-Type")).hasValue("application/problem+json");
			assertThat(response.body()).contains("\"status\":503", "\"datastore\":\"jdbc\"", "\"retryAfter\":10");
		});
	}

	private static HttpResponse<String> get(AssertableWebApplicationContext context, String accept)
			throws IOException, InterruptedException {
		int port = context.getSourceApplicationContext(ServletWebServerApplicationContext.class)
			.getWebServer()
			.getPort();
		HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/orders"))
			.header("Accept", accept)
			.timeout(Duration.ofSeconds(10))
			.build();
		return HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
	}

	@RestController
	static class OrdersController {

		@GetMapping("/orders")
		String orders() {
			throw new DatabaseUnavailableException("jdbc",
					"Circuit breaker of datastore 'jdbc' is OPEN: the call was not sent", Duration.ofSeconds(10));
		}

	}

}
