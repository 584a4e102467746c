package io.github.resilientdb.actuate;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.actuate.autoconfigure.ResilientDbEndpointAutoConfiguration;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.health.autoconfigure.ResilientDbHealthAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcPoolAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.health.JdbcProbeAutoConfiguration;
import io.github.resilientdb.mongo.autoconfigure.health.MongoProbeAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisPoolAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.health.RedisProbeAutoConfiguration;
import io.github.resilientdb.test.server.PrivatePostgres;
import io.github.resilientdb.test.server.PrivateRedis;
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
import org.springframework.boot.test.context.FilteredClassLoader;
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
				.contains("\"retryBudget\":{\"ratio\":0.2,\"minRetriesPerSecond\":10}")
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
			assertThat(status(post(context, "jdbc", "{\"breaker\":\"RESET\"}", "bob"))).isEqualTo(200);
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			assertThat(output).contains("resilientdb change by bob: datastore=jdbc breaker FORCED_OPEN -> CLOSED");
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
			assertThat(status(post(context, "jdbc", "{\"maximumPoolSize\":3,\"minimumIdle\":1}", "alice")))
				.isEqualTo(200);
			assertThat(dataSource.getHikariConfigMXBean().getMaximumPoolSize()).isEqualTo(3);
			assertThat(dataSource.getHikariConfigMXBean().getMinimumIdle()).isEqualTo(1);
		});
	}

	@Test
	void invalidChangeAnswers400NamingTheField() {
		this.runner.withPropertyValues(EXPOSE).run((context) -> {
			ResponseEntity<String> breaker = post(context, "jdbc", "{\"breaker\":\"EXPLODE\"}", "alice");
			assertThat(status(breaker)).isEqualTo(400);
			assertThat(breaker.getHeaders().getContentType()).hasToString("application/problem+json");
			assertThat(breaker.getBody()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Bad Request\","
					+ "\"status\":400,\"detail\":\"Invalid value 'EXPLODE' for 'breaker': one of "
					+ "[RESET, FORCED_OPEN, CLOSED]\",\"field\":\"breaker\","
					+ "\"accepted\":\"one of [RESET, FORCED_OPEN, CLOSED]\"}");
			ResponseEntity<String> pool = post(context, "jdbc", "{\"maximumPoolSize\":0}", "alice");
			assertThat(status(pool)).isEqualTo(400);
			assertThat(pool.getBody()).contains("\"field\":\"maximumPoolSize\"");
			ResponseEntity<String> nothing = post(context, "jdbc", "{\"breakr\":\"RESET\"}", "alice");
			assertThat(status(nothing)).isEqualTo(400);
			assertThat(nothing.getBody()).contains("No change requested: give at least one of [breaker, "
					+ "maximumPoolSize, minimumIdle, maxRetries, retryDelay, retryMultiplier, retryMaxDelay, "
					+ "retryJitter]");
			ResponseEntity<String> unknown = post(context, "oracle", "{\"breaker\":\"RESET\"}", "alice");
			assertThat(status(unknown)).isEqualTo(404);
			assertThat(unknown.getBody()).isEqualTo("{\"type\":\"about:blank\",\"title\":\"Not Found\",\"status\":404,"
					+ "\"detail\":\"There is no datastore 'oracle'; datastores: [jdbc]\",\"field\":\"datastore\","
					+ "\"accepted\":\"one of [jdbc]\"}");
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		});
	}

	@Test
	void retryChangeOverHttp() {
		this.runner.withPropertyValues(EXPOSE).run((context) -> {
			ResponseEntity<String> response = post(context, "jdbc", "{\"maxRetries\":1,\"retryDelay\":\"20ms\"}",
					"alice");
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
						ResilientDbHealthAutoConfiguration.class, JdbcProbeAutoConfiguration.class,
					MongoProbeAutoConfiguration.class, RedisProbeAutoConfiguration.class))
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

	@Test
	void exposingEveryEndpointNeverOpensWritesWithoutSpringSecurity(CapturedOutput output) {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
			.withPropertyValues("management.endpoints.web.exposure.include=*")
			.run((context) -> {
				HikariDataSource dataSource = context.getBean(HikariDataSource.class);
				ResponseEntity<String> forcedOpen = post(context, "jdbc", "{\"breaker\":\"FORCED_OPEN\"}", null);
				assertThat(status(forcedOpen)).isEqualTo(403);
				assertThat(forcedOpen.getHeaders().getContentType()).hasToString("application/problem+json");
				assertThat(forcedOpen.getBody()).contains("\"title\":\"Forbidden\",\"status\":403",
						"add Spring Security", "resilientdb.endpoint.writes=anyone",
						"\"property\":\"resilientdb.endpoint.writes\"");
				assertThat(status(post(context, "jdbc", "{\"maximumPoolSize\":16}", null))).isEqualTo(403);
				assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
				assertThat(dataSource.getHikariConfigMXBean().getMaximumPoolSize()).isEqualTo(4);
				assertThat(client(context).get().uri("/actuator/resilientdb").retrieve().body(String.class))
					.contains("\"operator\":false");
				assertThat(output).contains("resilientdb change by anonymous refused: datastore=jdbc Changes through "
						+ "the resilientdb endpoint need an authenticated operator");
			});
	}

	@Test
	void writesExplicitlyOpenToAnyoneNeedNoAuthentication(CapturedOutput output) {
		this.runner.withClassLoader(new FilteredClassLoader("org.springframework.security"))
			.withPropertyValues(EXPOSE, "resilientdb.endpoint.writes=anyone")
			.run((context) -> {
				assertThat(client(context).get().uri("/actuator/resilientdb").retrieve().body(String.class))
					.contains("\"operator\":true");
				assertThat(status(post(context, "jdbc", "{\"breaker\":\"FORCED_OPEN\"}", null))).isEqualTo(200);
				assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);
				assertThat(output).contains("resilientdb change by anonymous: datastore=jdbc breaker CLOSED -> FORCED_OPEN");
			});
	}

	@Test
	void authenticatedCallerWithoutTheOperatorRoleIsRefused() {
		this.runner.withPropertyValues(EXPOSE).run((context) -> {
			ResponseEntity<String> refused = client(context).post()
				.uri("/actuator/resilientdb/jdbc")
				.contentType(MediaType.APPLICATION_JSON)
				.header(PrincipalFilter.USER_HEADER, "mallory")
				.header(PrincipalFilter.ROLES_HEADER, "USER,ADMIN")
				.body("{\"breaker\":\"FORCED_OPEN\"}")
				.retrieve()
				.toEntity(String.class);
			assertThat(status(refused)).isEqualTo(403);
			assertThat(refused.getBody()).contains("'mallory' does not have the role 'RESILIENTDB_OPERATOR'",
					"\"property\":\"resilientdb.endpoint.operator-role\"");
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		});
	}

	@Test
	void writesTurnedOffRefuseEvenAnOperator() {
		this.runner.withPropertyValues(EXPOSE, "resilientdb.endpoint.writes=none").run((context) -> {
			ResponseEntity<String> refused = post(context, "jdbc", "{\"breaker\":\"FORCED_OPEN\"}", "alice");
			assertThat(status(refused)).isEqualTo(403);
			assertThat(refused.getBody()).contains("resilientdb.endpoint.writes=none");
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		});
	}

	@Test
	void everyOutOfRangeOrMistypedValueIsA400ProblemAuditedAsRefusedThatChangesNothing(CapturedOutput output) {
		Map<String, String> attacks = new LinkedHashMap<>();
		attacks.put("{\"maximumPoolSize\":2147483647,\"minimumIdle\":2147483647}", "maximumPoolSize");
		attacks.put("{\"maximumPoolSize\":17}", "maximumPoolSize");
		attacks.put("{\"maximumPoolSize\":-1}", "maximumPoolSize");
		attacks.put("{\"maximumPoolSize\":99999999999999999999999}", "maximumPoolSize");
		attacks.put("{\"minimumIdle\":5}", "minimumIdle");
		attacks.put("{\"maxRetries\":2147483647}", "maxRetries");
		attacks.put("{\"maxRetries\":2147483646}", "maxRetries");
		attacks.put("{\"maxRetries\":11}", "maxRetries");
		attacks.put("{\"maxRetries\":-1}", "maxRetries");
		attacks.put("{\"maxRetries\":2.5}", "maxRetries");
		attacks.put("{\"maxRetries\":1e400}", "maxRetries");
		attacks.put("{\"maxRetries\":\"ten\"}", "maxRetries");
		attacks.put("{\"maxRetries\":true}", "maxRetries");
		attacks.put("{\"retryDelay\":\"106751991167d\"}", "retryDelay");
		attacks.put("{\"retryDelay\":9223372036854775807}", "retryDelay");
		attacks.put("{\"retryDelay\":\"PT2562047788015215H\"}", "retryDelay");
		attacks.put("{\"retryDelay\":\"31s\"}", "retryDelay");
		attacks.put("{\"retryDelay\":\"-5s\"}", "retryDelay");
		attacks.put("{\"retryDelay\":\"0ms\"}", "retryDelay");
		attacks.put("{\"retryMaxDelay\":\"3m\"}", "retryMaxDelay");
		attacks.put("{\"retryMultiplier\":1e308}", "retryMultiplier");
		attacks.put("{\"retryMultiplier\":\"NaN\"}", "retryMultiplier");
		attacks.put("{\"retryMultiplier\":\"Infinity\"}", "retryMultiplier");
		attacks.put("{\"retryMultiplier\":-2}", "retryMultiplier");
		attacks.put("{\"retryJitter\":1}", "retryJitter");
		attacks.put("{\"breaker\":\"" + "X".repeat(1_000_000) + "\"}", "breaker");
		this.runner.withPropertyValues(EXPOSE).run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			attacks.forEach((body, field) -> {
				ResponseEntity<String> response = post(context, "jdbc", body, "alice");
				assertThat(status(response)).as(body.substring(0, Math.min(body.length(), 80))).isEqualTo(400);
				assertThat(response.getBody()).as(body.substring(0, Math.min(body.length(), 80)))
					.contains("\"field\":\"" + field + "\"", "\"accepted\":\"");
			});
			assertThat(output.toString().lines()
				.filter((line) -> line.contains("resilientdb change by alice refused: datastore=jdbc Invalid value")))
				.hasSize(attacks.size())
				.allSatisfy((line) -> assertThat(line).hasSizeLessThan(600));
			assertThat(output).doesNotContain("ERROR", "Exception", "X".repeat(100));
			assertThat(dataSource.getHikariConfigMXBean().getMaximumPoolSize()).isEqualTo(4);
			assertThat(client(context).get().uri("/actuator/resilientdb/jdbc").retrieve().body(String.class))
				.contains("\"retry\":{\"maxRetries\":2,\"delay\":\"50ms\",\"multiplier\":2.0,\"maxDelay\":\"1s\"");
			ResponseEntity<String> pool = post(context, "jdbc", "{\"maximumPoolSize\":17}", "alice");
			assertThat(pool.getBody()).contains("\"accepted\":\"a whole number from 1 to 16\"");
			assertThat(status(post(context, "jdbc", "{\"maximumPoolSize\":16,\"maxRetries\":10,"
					+ "\"retryDelay\":\"30s\",\"retryMaxDelay\":\"2m\",\"retryMultiplier\":10}", "alice")))
				.isEqualTo(200);
			assertThat(dataSource.getHikariConfigMXBean().getMaximumPoolSize()).isEqualTo(16);
			assertThat(post(context, "jdbc", "{\"maximumPoolSize\":17}", "alice").getBody())
				.as("the limit derives from the configured maximum, not from the last change")
				.contains("\"accepted\":\"a whole number from 1 to 16\"");
		});
	}

	@Test
	void requestValuesCannotForgeLogLines(CapturedOutput output) {
		String forged = "2026-12-06T01:00:00.000Z  INFO 1 --- [main] io.github.resilientdb.audit : "
				+ "resilientdb change by ops-admin: datastore=jdbc breaker CLOSED -> FORCED_OPEN";
		this.runner.withPropertyValues(EXPOSE).run((context) -> {
			String base = "http://127.0.0.1:" + port(context) + "/actuator/resilientdb/";
			String crlf = "x%0D%0A" + URLEncoder.encode(forged, StandardCharsets.UTF_8).replace("+", "%20");
			String lineSeparator = "x%E2%80%A8" + URLEncoder.encode(forged, StandardCharsets.UTF_8).replace("+", "%20");
			for (String name : List.of(crlf, lineSeparator, "x" + "%0A".repeat(100) + "y".repeat(6000))) {
				ResponseEntity<String> response = client(context).post()
					.uri(URI.create(base + name))
					.contentType(MediaType.APPLICATION_JSON)
					.header(PrincipalFilter.USER_HEADER, "alice")
					.header(PrincipalFilter.ROLES_HEADER, "RESILIENTDB_OPERATOR")
					.body("{\"breaker\":\"FORCED_OPEN\"}")
					.retrieve()
					.toEntity(String.class);
				assertThat(status(response)).isIn(400, 404);
				assertThat(response.getBody()).doesNotContain("\n2026", "y".repeat(100));
			}
			assertThat(status(post(context, "jdbc", "{\"breaker\":\"\\u001b[2K\\u001b[1A\\r\\n" + forged + "\"}",
					"alice"))).isEqualTo(400);
			assertThat(status(post(context, "jdbc", "{\"breaker\":\"\\u2028" + forged + "\"}", "alice")))
				.isEqualTo(400);
			assertThat(output.toString().lines()).noneMatch((line) -> line.startsWith("2026-12-06T01:00:00"))
				.noneMatch((line) -> line.contains("y".repeat(100)))
				.noneMatch((line) -> line.contains("\u2028") || line.contains("\u001b"));
			assertThat(output).contains("There is no datastore 'x\\r\\n2026-12-06T01:00:00.000Z",
					"There is no datastore 'x\\u2028", "Invalid value '\\u001b[2K\\u001b[1A\\r\\n2026");
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		});
	}

	private static ResponseEntity<String> post(AssertableWebApplicationContext context, String datastore,
			String body, String user) {
		RestClient.RequestBodySpec request = client(context).post()
			.uri("/actuator/resilientdb/" + datastore)
			.contentType(MediaType.APPLICATION_JSON);
		if (user != null) {
			request.header(PrincipalFilter.USER_HEADER, user);
			request.header(PrincipalFilter.ROLES_HEADER, "RESILIENTDB_OPERATOR");
		}
		return request.body(body).retrieve().toEntity(String.class);
	}

	private static int status(ResponseEntity<?> response) {
		return response.getStatusCode().value();
	}

	private static CircuitBreaker breaker(AssertableWebApplicationContext context) {
		return context.getBean(ResilientDbRegistries.class).circuitBreakers().circuitBreaker("jdbc");
	}

	private static int port(AssertableWebApplicationContext context) {
		return context.getSourceApplicationContext(ServletWebServerApplicationContext.class).getWebServer().getPort();
	}

	private static RestClient client(AssertableWebApplicationContext context) {
		return RestClient.builder()
			.baseUrl("http://127.0.0.1:" + port(context))
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
	 * Authenticates a request as the user its test header names, with the roles its other test header lists, as a
	 * servlet container's own authentication would.
	 */
	static class PrincipalFilter implements Filter {

		static final String USER_HEADER = "X-Test-User";

		static final String ROLES_HEADER = "X-Test-Roles";

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
			String roles = String.valueOf(http.getHeader(ROLES_HEADER));
			chain.doFilter(new HttpServletRequestWrapper(http) {

				@Override
				public Principal getUserPrincipal() {
					return principal;
				}

				@Override
				public boolean isUserInRole(String role) {
					return List.of(roles.split(",")).contains(role);
				}

			}, response);
		}

	}

}
