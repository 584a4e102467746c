package io.github.resilientdb.actuate;

import java.io.IOException;
import java.security.Principal;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.actuate.autoconfigure.ResilientDbEndpointAutoConfiguration;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.health.autoconfigure.ResilientDbHealthAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcPoolAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisPoolAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import io.github.resilientdb.testbed.PrivatePostgres;
import io.github.resilientdb.testbed.PrivateRedis;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.servlet.autoconfigure.actuate.web.ServletManagementContextAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The {@code resilientdb} endpoint over real HTTP, on an embedded Tomcat, with a real HikariCP pool on PostgreSQL.
 */
@ExtendWith(OutputCaptureExtension.class)
class ResilientDbEndpointWebIntegrationTests {

	private static final String EXPOSE = "management.endpoints.web.exposure.include=resilientdb";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner(
			AnnotationConfigServletWebServerApplicationContext::new)
		.withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, JacksonAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class, WebMvcAutoConfiguration.class,
				EndpointAutoConfiguration.class, JacksonEndpointAutoConfiguration.class,
				WebEndpointAutoConfiguration.class, ManagementContextAutoConfiguration.class,
				ServletManagementContextAutoConfiguration.class, DataSourceAutoConfiguration.class,
				JdbcResilientDbAutoConfiguration.class, JdbcPoolAutoConfiguration.class,
				ResilientDbAutoConfiguration.class, ResilientDbEndpointAutoConfiguration.class))
		.withUserConfiguration(PrincipalConfiguration.class)
		.withPropertyValues("server.port=0", "spring.datasource.url=" + PrivatePostgres.shared().jdbcUrl(),
				"spring.datasource.username=" + PrivatePostgres.shared().user(),
				"resilientdb.jdbc.pool.maximum-pool-size=4", "resilientdb.jdbc.pool.connection-timeout=2s");

	@Test
	void notExposedOverHttpByDefault() {
		this.runner.run((context) -> {
			RestClient client = client(context);
			assertThat(client.get().uri("/actuator/resilientdb").retrieve().toBodilessEntity().getStatusCode().value())
				.isEqualTo(404);
			assertThat(client.post().uri("/actuator/resilientdb/jdbc").contentType(MediaType.APPLICATION_JSON)
				.body("{\"breaker\":\"FORCED_OPEN\"}").retrieve().toBodilessEntity().getStatusCode().value())
				.isEqualTo(404);
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		});
	}

	@Test
	void readOnlyAccessRefusesChanges() {
		this.runner.withPropertyValues(EXPOSE, "management.endpoint.resilientdb.access=READ_ONLY").run((context) -> {
			assertThat(status(client(context).get().uri("/actuator/resilientdb").retrieve().toBodilessEntity()))
				.isEqualTo(200);
			assertThat(status(post(context, "jdbc", "{\"breaker\":\"FORCED_OPEN\"}", "alice"))).isIn(404, 405);
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		});
	}

	@Test
	void readsEveryDatastoreOrOneWhenExposed() {
		this.runner.withPropertyValues(EXPOSE).run((context) -> {
			RestClient client = client(context);
			String all = client.get().uri("/actuator/resilientdb").retrieve().body(String.class);
			assertThat(all).contains("\"jdbc\":{\"type\":\"jdbc\",\"circuitBreaker\":{\"state\":\"CLOSED\"")
				.contains("\"retry\":{\"maxRetries\":2,\"delay\":\"50ms\"")
				.contains("\"bulkhead\":{\"maxConcurrentCalls\":50,\"maxWait\":\"100ms\"")
				.contains("\"retryBudget\":{\"ratio\":0.1,\"minRetriesPerSecond\":5}")
				.contains("\"maximum\":4");
			assertThat(client.get().uri("/actuator/resilientdb/jdbc").retrieve().body(String.class))
				.startsWith("{\"type\":\"jdbc\",\"circuitBreaker\":");
			assertThat(status(client.get().uri("/actuator/resilientdb/oracle").retrieve().toBodilessEntity()))
				.isEqualTo(404);
		});
	}

	@Test
	void breakerChangeMovesTheRealBreakerAndIsAuditedWithThePrincipal(CapturedOutput output) {
		this.runner.withPropertyValues(EXPOSE).run((context) -> {
			ResponseEntity<String> response = post(context, "jdbc", "{\"breaker\":\"FORCED_OPEN\"}", "alice");
			assertThat(status(response)).isEqualTo(200);
			assertThat(response.getBody()).isEqualTo("{\"datastore\":\"jdbc\",\"changes\":[{\"field\":\"breaker\","
					+ "\"before\":\"CLOSED\",\"after\":\"FORCED_OPEN\"}]}");
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);
			assertThat(output).contains("resilientdb change by alice: datastore=jdbc breaker CLOSED -> FORCED_OPEN");
			assertThat(status(post(context, "jdbc", "{\"breaker\":\"RESET\"}", null))).isEqualTo(200);
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			assertThat(output).contains("resilientdb change by anonymous: datastore=jdbc breaker FORCED_OPEN -> CLOSED");
		});
	}

	@Test
	void maximumPoolSizeResizesTheLiveHikariPool() {
		this.runner.withPropertyValues(EXPOSE).run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			dataSource.getConnection().close();
			ResponseEntity<String> response = post(context, "jdbc", "{\"maximumPoolSize\":7}", "alice");
			assertThat(status(response)).isEqualTo(200);
			assertThat(response.getBody()).contains("\"field\":\"pool\"",
					"\"before\":\"maximumPoolSize=4, minimumIdle=4\"", "\"after\":\"maximumPoolSize=7, minimumIdle=7\"");
			assertThat(dataSource.getHikariConfigMXBean().getMaximumPoolSize()).isEqualTo(7);
			List<Connection> connections = new ArrayList<>();
			try {
				for (int i = 0; i < 7; i++) {
					connections.add(dataSource.getConnection());
				}
				assertThat(dataSource.getHikariPoolMXBean().getActiveConnections()).isEqualTo(7);
				assertThat(client(context).get().uri("/actuator/resilientdb/jdbc").retrieve().body(String.class))
					.contains("\"active\":7", "\"maximum\":7");
			}
			finally {
				for (Connection connection : connections) {
					connection.close();
				}
			}
			assertThat(status(post(context, "jdbc", "{\"maximumPoolSize\":3,\"minimumIdle\":1}", null)))
				.isEqualTo(200);
			assertThat(dataSource.getHikariConfigMXBean().getMaximumPoolSize()).isEqualTo(3);
			assertThat(dataSource.getHikariConfigMXBean().getMinimumIdle()).isEqualTo(1);
		});
	}

	@Test
	void invalidChangeAnswers400NamingTheField() {
		this.runner.withPropertyValues(EXPOSE).run((context) -> {
			ResponseEntity<String> breaker = post(context, "jdbc", "{\"breaker\":\"EXPLODE\"}", null);
			assertThat(status(breaker)).isEqualTo(400);
			assertThat(breaker.getBody()).isEqualTo("{\"error\":\"Invalid value 'EXPLODE' for 'breaker': one of "
					+ "[RESET, FORCED_OPEN, CLOSED]\",\"field\":\"breaker\"}");
			ResponseEntity<String> pool = post(context, "jdbc", "{\"maximumPoolSize\":0}", null);
			assertThat(status(pool)).isEqualTo(400);
			assertThat(pool.getBody()).contains("\"field\":\"maximumPoolSize\"");
			ResponseEntity<String> nothing = post(context, "jdbc", "{\"breakr\":\"RESET\"}", null);
			assertThat(status(nothing)).isEqualTo(400);
			assertThat(nothing.getBody()).contains("No change requested: give at least one of [breaker, "
					+ "maximumPoolSize, minimumIdle, maxRetries, retryDelay, retryMultiplier, retryMaxDelay, "
					+ "retryJitter]");
			ResponseEntity<String> unknown = post(context, "oracle", "{\"breaker\":\"RESET\"}", null);
			assertThat(status(unknown)).isEqualTo(404);
			assertThat(unknown.getBody()).isEqualTo(
					"{\"error\":\"There is no datastore 'oracle'; datastores: [jdbc]\",\"field\":\"datastore\"}");
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		});
	}

	@Test
	void retryChangeOverHttp() {
		this.runner.withPropertyValues(EXPOSE).run((context) -> {
			ResponseEntity<String> response = post(context, "jdbc", "{\"maxRetries\":1,\"retryDelay\":\"20ms\"}",
					null);
			assertThat(status(response)).isEqualTo(200);
			assertThat(response.getBody()).contains("\"after\":\"maxRetries=1, delay=20ms, multiplier=2.0, "
					+ "maxDelay=1s, jitter=0.5\"");
			assertThat(client(context).get().uri("/actuator/resilientdb/jdbc").retrieve().body(String.class))
				.contains("\"retry\":{\"maxRetries\":1,\"delay\":\"20ms\"");
		});
	}

	@Test
	void secretsOfTheDatastoresNeverAppearInTheEndpointNorTheLog(CapturedOutput output) {
		try (PrivateRedis redis = PrivateRedis.builder().requirePass("rdS3cretPass").start()) {
			this.runner
				.withConfiguration(AutoConfigurations.of(DataRedisAutoConfiguration.class,
						RedisResilientDbAutoConfiguration.class, RedisPoolAutoConfiguration.class,
						ResilientDbHealthAutoConfiguration.class))
				.withPropertyValues(EXPOSE,
						"spring.datasource.url=" + PrivatePostgres.shared().jdbcUrl() + "?password=pgS3cretPass",
						"spring.datasource.password=pgS3cretPass",
						"spring.data.redis.url=redis://:rdS3cretPass@127.0.0.1:" + redis.port(),
						"resilientdb.redis.pool.enabled=true", "resilientdb.health.interval=200ms")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					RestClient client = client(context);
					await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(
							client.get().uri("/actuator/resilientdb").retrieve().body(String.class))
						.contains("\"redis\":{\"type\":\"redis\"")
						.containsPattern("\"jdbc\":\\{.*\"health\":\\{\"status\":\"UP\"")
						.containsPattern("\"redis\":\\{.*\"health\":\\{\"status\":\"UP\""));
					post(context, "redis", "{\"maximumPoolSize\":5}", "alice");
					String all = client.get().uri("/actuator/resilientdb").retrieve().body(String.class);
					String redisOnly = client.get().uri("/actuator/resilientdb/redis").retrieve().body(String.class);
					String jdbcOnly = client.get().uri("/actuator/resilientdb/jdbc").retrieve().body(String.class);
					assertThat(redisOnly).contains("\"maxActive\":5", "\"history\":[{\"checkedAt\":");
					assertThat(all).doesNotContain("\"history\"", "null");
					for (String body : new String[] { all, redisOnly, jdbcOnly, output.toString() }) {
						assertThat(body).doesNotContain("S3cret");
					}
				});
		}
	}

	private static ResponseEntity<String> post(AssertableWebApplicationContext context, String datastore,
			String body, String user) {
		RestClient.RequestBodySpec request = client(context).post()
			.uri("/actuator/resilientdb/" + datastore)
			.contentType(MediaType.APPLICATION_JSON);
		if (user != null) {
			request.header(PrincipalFilter.USER_HEADER, user);
		}
		return request.body(body).retrieve().toEntity(String.class);
	}

	private static int status(ResponseEntity<?> response) {
		return response.getStatusCode().value();
	}

	private static CircuitBreaker breaker(AssertableWebApplicationContext context) {
		return context.getBean(ResilientDbRegistries.class).circuitBreakers().circuitBreaker("jdbc");
	}

	private static RestClient client(AssertableWebApplicationContext context) {
		int port = context.getSourceApplicationContext(ServletWebServerApplicationContext.class)
			.getWebServer()
			.getPort();
		return RestClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			})
			.build();
	}

	@Configuration(proxyBeanMethods = false)
	static class PrincipalConfiguration {

		@Bean
		PrincipalFilter principalFilter() {
			return new PrincipalFilter();
		}

	}

	/**
	 * Authenticates a request as the user its test header names, as a security filter would.
	 */
	static class PrincipalFilter implements Filter {

		static final String USER_HEADER = "X-Test-User";

		@Override
		public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
				throws IOException, ServletException {
			HttpServletRequest http = (HttpServletRequest) request;
			String user = http.getHeader(USER_HEADER);
			if (user == null) {
				chain.doFilter(request, response);
				return;
			}
			Principal principal = () -> user;
			chain.doFilter(new HttpServletRequestWrapper(http) {

				@Override
				public Principal getUserPrincipal() {
					return principal;
				}

			}, response);
		}

	}

}
