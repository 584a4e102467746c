package io.github.resilientdb.web;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;

import io.github.resilientdb.DatabaseUnavailableException;
import io.github.resilientdb.classify.DataAccessErrorClassifier;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.jdbc.SqlStateErrorClassifier;
import io.github.resilientdb.web.autoconfigure.ResilientDbWebMvcAutoConfiguration;
import jakarta.servlet.ServletException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.MvcResult;
import org.springframework.test.web.servlet.setup.MockMvcBuilders;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.bind.annotation.RestControllerAdvice;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

/**
 * A {@link DatabaseUnavailableException} reaching Spring MVC, with and without a handler of the application.
 */
class DatabaseUnavailableExceptionHandlerTests {

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class, WebMvcAutoConfiguration.class,
				ResilientDbWebMvcAutoConfiguration.class))
		.withUserConfiguration(OrdersController.class, FailuresController.class, ClassificationConfiguration.class);

	private static final String BROWSER_ACCEPT = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8";

	@Test
	void openBreakerBecomes503WithRetryAfterAndProblemDetail() {
		this.runner.run((context) -> mvc(context).perform(get("/orders").param("retryAfterMillis", "10000"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().string("Retry-After", "10"))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("urn:resilientdb:problem:database-unavailable"))
			.andExpect(jsonPath("$.title").value("Database unavailable"))
			.andExpect(jsonPath("$.status").value(503))
			.andExpect(jsonPath("$.detail").value("Circuit breaker of datastore 'jdbc' is OPEN: the call was not sent"))
			.andExpect(jsonPath("$.instance").value("/orders"))
			.andExpect(jsonPath("$.datastore").value("jdbc"))
			.andExpect(jsonPath("$.retryAfter").value(10)));
	}

	@Test
	void retryAfterIsRoundedUpToWholeSeconds() {
		this.runner.run((context) -> {
			mvc(context).perform(get("/orders").param("retryAfterMillis", "1500"))
				.andExpect(header().string("Retry-After", "2"));
			mvc(context).perform(get("/orders").param("retryAfterMillis", "1"))
				.andExpect(header().string("Retry-After", "1"));
		});
	}

	@Test
	void unknownWaitHasNoRetryAfter() {
		this.runner.run((context) -> mvc(context).perform(get("/orders"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().doesNotExist("Retry-After"))
			.andExpect(jsonPath("$.retryAfter").doesNotExist())
			.andExpect(jsonPath("$.datastore").value("jdbc")));
	}

	@Test
	void failureThatWasNotSentBecomes503ProblemWithoutDriverDetails() {
		this.runner.run((context) -> mvc(context).perform(get("/pool").accept(MediaType.APPLICATION_JSON))
			.andExpect(status().isServiceUnavailable())
			.andExpect(header().doesNotExist("Retry-After"))
			.andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON))
			.andExpect(jsonPath("$.type").value("urn:resilientdb:problem:database-unavailable"))
			.andExpect(jsonPath("$.detail").value("The database could not be reached: the call was not sent"))
			.andExpect(jsonPath("$.instance").value("/pool")));
	}

	@Test
	void connectionLostDuringCallBecomes503() {
		this.runner.run((context) -> mvc(context).perform(get("/lost"))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.detail").value("The connection to the database failed during the call")));
	}

	@Test
	void transactionThatCouldNotGetAConnectionBecomes503() {
		this.runner.run((context) -> mvc(context).perform(get("/transaction").accept(MediaType.APPLICATION_JSON))
			.andExpect(status().isServiceUnavailable())
			.andExpect(jsonPath("$.detail").value("The database could not be reached: the call was not sent")));
	}

	@Test
	void businessFailureIsLeftToTheUsualHandling() {
		this.runner.run((context) -> assertThatExceptionOfType(ServletException.class)
			.isThrownBy(() -> mvc(context).perform(get("/duplicate")))
			.withCauseInstanceOf(DuplicateKeyException.class));
	}

	@Test
	void withoutClassificationOnlyRefusalsAreHandled() {
		new WebApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(JacksonAutoConfiguration.class,
					HttpMessageConvertersAutoConfiguration.class, WebMvcAutoConfiguration.class,
					ResilientDbWebMvcAutoConfiguration.class))
			.withUserConfiguration(OrdersController.class, FailuresController.class)
			.run((context) -> {
				mvc(context).perform(get("/orders")).andExpect(status().isServiceUnavailable());
				assertThatExceptionOfType(ServletException.class)
					.isThrownBy(() -> mvc(context).perform(get("/pool")))
					.withCauseInstanceOf(CannotGetJdbcConnectionException.class);
			});
	}

	@Test
	void browserGetsBootsErrorPageWithRetryAfter() {
		this.runner.run((context) -> {
			MvcResult result = mvc(context)
				.perform(get("/orders").param("retryAfterMillis", "10000").accept(BROWSER_ACCEPT))
				.andExpect(status().isServiceUnavailable())
				.andExpect(header().string("Retry-After", "10"))
				.andReturn();
			assertThat(result.getResponse().getErrorMessage())
				.isEqualTo("Circuit breaker of datastore 'jdbc' is OPEN: the call was not sent");
			assertThat(result.getResponse().getContentAsString()).isEmpty();
		});
	}

	@ParameterizedTest
	@CsvSource(delimiter = '|', value = {
		"text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8 | true",
		"text/html | true",
		"application/json, text/plain, */* | false",
		"*/* | false",
		"application/problem+json | false",
		"application/json;q=0.9, text/html;q=0.5 | false",
		"not a media type | false"
	})
	void htmlIsChosenOnlyWhenPreferred(String accept, boolean html) {
		assertThat(DatabaseUnavailableExceptionHandler.prefersHtml(accept)).isEqualTo(html);
	}

	@Test
	void applicationAdviceForTheExceptionWins() {
		this.runner.withUserConfiguration(ApplicationAdvice.class)
			.run((context) -> mvc(context).perform(get("/orders").param("retryAfterMillis", "10000"))
				.andExpect(status().isTooManyRequests())
				.andExpect(header().doesNotExist("Retry-After"))
				.andExpect(content().string("application: jdbc")));
	}

	@Test
	void applicationAdviceForASuperclassWins() {
		this.runner.withUserConfiguration(BroadApplicationAdvice.class)
			.run((context) -> mvc(context).perform(get("/orders"))
				.andExpect(status().isBadGateway())
				.andExpect(content().string("data access failed")));
	}

	@Test
	void controllerHandlerWins() {
		this.runner.withUserConfiguration(CustomersController.class)
			.run((context) -> mvc(context).perform(get("/customers"))
				.andExpect(status().isOk())
				.andExpect(content().string("controller: mongo")));
	}

	private static MockMvc mvc(AssertableWebApplicationContext context) {
		return MockMvcBuilders.webAppContextSetup(context).build();
	}

	@RestController
	static class OrdersController {

		@GetMapping("/orders")
		String orders(@RequestParam(required = false) Long retryAfterMillis) {
			throw new DatabaseUnavailableException("jdbc",
					"Circuit breaker of datastore 'jdbc' is OPEN: the call was not sent",
					(retryAfterMillis != null) ? Duration.ofMillis(retryAfterMillis) : null);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ClassificationConfiguration {

		@Bean
		ErrorClassification errorClassification() {
			return new ErrorClassification(List.of(new SqlStateErrorClassifier(), new DataAccessErrorClassifier()));
		}

	}

	@RestController
	static class FailuresController {

		@GetMapping("/pool")
		String pool() {
			throw new CannotGetJdbcConnectionException("Failed to obtain JDBC Connection",
					new SQLTransientConnectionException(
							"HikariPool-1 - Connection is not available, request timed out after 3000ms"));
		}

		@GetMapping("/lost")
		String lost() {
			throw new DataAccessResourceFailureException("I/O error",
					new SQLException("An I/O error occurred while sending to the backend", "08006"));
		}

		@GetMapping("/transaction")
		String transaction() {
			throw new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
					new SQLException("Connection to 127.0.0.1:5432 refused", "08001"));
		}

		@GetMapping("/duplicate")
		String duplicate() {
			throw new DuplicateKeyException("duplicate key", new SQLException("duplicate key", "23505"));
		}

	}

	@RestController
	static class CustomersController {

		@GetMapping("/customers")
		String customers() {
			throw new DatabaseUnavailableException("mongo", "Bulkhead of datastore 'mongo' is full", null);
		}

		@ExceptionHandler
		ResponseEntity<String> unavailable(DatabaseUnavailableException ex) {
			return ResponseEntity.ok("controller: " + ex.getDatastore());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class ApplicationAdvice {

		@Bean
		UnavailableAdvice unavailableAdvice() {
			return new UnavailableAdvice();
		}

	}

	@RestControllerAdvice
	static class UnavailableAdvice {

		@ExceptionHandler
		ResponseEntity<String> unavailable(DatabaseUnavailableException ex) {
			return ResponseEntity.status(HttpStatus.TOO_MANY_REQUESTS).body("application: " + ex.getDatastore());
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class BroadApplicationAdvice {

		@Bean
		DataAccessAdvice dataAccessAdvice() {
			return new DataAccessAdvice();
		}

	}

	@RestControllerAdvice
	static class DataAccessAdvice {

		@ExceptionHandler
		ResponseEntity<String> dataAccess(DataAccessException ex) {
			return ResponseEntity.status(HttpStatus.BAD_GATEWAY).body("data access failed");
		}

	}

}
