package io.github.resilientdb.actuate;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.actuate.autoconfigure.ResilientDbEndpointAutoConfiguration;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.jdbc.autoconfigure.JdbcPoolAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.test.server.PrivatePostgres;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
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
import org.springframework.context.event.EventListener;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.config.Customizer;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.config.annotation.web.configuration.EnableWebSecurity;
import org.springframework.security.core.userdetails.User;
import org.springframework.security.provisioning.InMemoryUserDetailsManager;
import org.springframework.security.web.SecurityFilterChain;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The {@code resilientdb} endpoint over real HTTP behind a real Spring Security filter chain (HTTP Basic, in-memory
 * users, the servlet API integration that gives actuator the principal and its roles), with a real HikariCP pool on
 * PostgreSQL. The chain permits every request, as many applications do for
 * actuator: the endpoint itself must refuse changes to all but operators.
 */
@ExtendWith(OutputCaptureExtension.class)
class ResilientDbEndpointSecurityIntegrationTests {

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
		.withUserConfiguration(SecurityConfiguration.class)
		.withPropertyValues("server.port=0", "spring.datasource.url=" + PrivatePostgres.shared().jdbcUrl(),
				"spring.datasource.username=" + PrivatePostgres.shared().user(),
				"resilientdb.jdbc.pool.maximum-pool-size=4", "management.endpoints.web.exposure.include=*");

	@Test
	void anonymousAndUnprivilegedCallersAreRefusedEvenWhenSecurityPermitsEveryRequest(CapturedOutput output) {
		this.runner.run((context) -> {
			ResponseEntity<String> anonymous = post(context, null, "{\"breaker\":\"FORCED_OPEN\"}");
			assertThat(anonymous.getStatusCode().value()).isEqualTo(403);
			assertThat(anonymous.getBody()).contains("need an authenticated caller with the role "
					+ "'RESILIENTDB_OPERATOR'", "\"property\":\"resilientdb.endpoint.operator-role\"");
			ResponseEntity<String> bob = post(context, "bob", "{\"maximumPoolSize\":16}");
			assertThat(bob.getStatusCode().value()).isEqualTo(403);
			assertThat(bob.getBody()).contains("'bob' does not have the role 'RESILIENTDB_OPERATOR'");
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			assertThat(read(context, null)).contains("\"operator\":false");
			assertThat(read(context, "bob")).contains("\"operator\":false");
			assertThat(output).contains("resilientdb change by anonymous refused: datastore=jdbc",
					"resilientdb change by bob refused: datastore=jdbc");
			assertThat(context.getBean(SecurityConfiguration.class).auditEvents).extracting(
					(event) -> event.getAuditEvent().getPrincipal() + " " + event.getAuditEvent().getType())
				.contains("anonymous RESILIENTDB_CHANGE_REFUSED", "bob RESILIENTDB_CHANGE_REFUSED");
		});
	}

	@Test
	void operatorChangesAndIsNamedInTheAuditLineAndEvent(CapturedOutput output) {
		this.runner.run((context) -> {
			assertThat(read(context, "alice")).contains("\"operator\":true");
			ResponseEntity<String> alice = post(context, "alice", "{\"breaker\":\"FORCED_OPEN\"}");
			assertThat(alice.getStatusCode().value()).isEqualTo(200);
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);
			assertThat(output).contains("resilientdb change by alice: datastore=jdbc breaker CLOSED -> FORCED_OPEN");
			assertThat(context.getBean(SecurityConfiguration.class).auditEvents).extracting(
					(event) -> event.getAuditEvent().getPrincipal() + " " + event.getAuditEvent().getType())
				.contains("alice RESILIENTDB_CHANGE");
		});
	}

	@Test
	void operatorRoleIsConfigurable() {
		this.runner.withPropertyValues("resilientdb.endpoint.operator-role=ROLE_DBA").run((context) -> {
			assertThat(post(context, "alice", "{\"breaker\":\"FORCED_OPEN\"}").getBody())
				.contains("'alice' does not have the role 'DBA'");
			assertThat(read(context, "carol")).contains("\"operator\":true");
			assertThat(post(context, "carol", "{\"breaker\":\"FORCED_OPEN\"}").getStatusCode().value())
				.isEqualTo(200);
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);
		});
	}

	private static ResponseEntity<String> post(AssertableWebApplicationContext context, @Nullable String user,
			String body) {
		RestClient.RequestBodySpec request = client(context, user).post()
			.uri("/actuator/resilientdb/jdbc")
			.contentType(MediaType.APPLICATION_JSON);
		return request.body(body).retrieve().toEntity(String.class);
	}

	private static String read(AssertableWebApplicationContext context, @Nullable String user) {
		return client(context, user).get().uri("/actuator/resilientdb").retrieve().body(String.class);
	}

	private static CircuitBreaker breaker(AssertableWebApplicationContext context) {
		return context.getBean(ResilientDbRegistries.class).circuitBreakers().circuitBreaker("jdbc");
	}

	private static RestClient client(AssertableWebApplicationContext context, @Nullable String user) {
		int port = context.getSourceApplicationContext(ServletWebServerApplicationContext.class)
			.getWebServer()
			.getPort();
		RestClient.Builder builder = RestClient.builder()
			.baseUrl("http://127.0.0.1:" + port)
			.defaultStatusHandler((status) -> true, (request, response) -> {
			});
		if (user != null) {
			builder.defaultHeaders((headers) -> headers.setBasicAuth(user, "secret"));
		}
		return builder.build();
	}

	/**
	 * Spring Security's own configuration (the same on every Spring Boot 4 version): its filter chain is a
	 * {@code Filter} bean, which the embedded Tomcat registers.
	 */
	@Configuration(proxyBeanMethods = false)
	@EnableWebSecurity
	static class SecurityConfiguration {

		final List<AuditApplicationEvent> auditEvents = new CopyOnWriteArrayList<>();

		@EventListener
		void onAuditEvent(AuditApplicationEvent event) {
			this.auditEvents.add(event);
		}

		@Bean
		SecurityFilterChain securityFilterChain(HttpSecurity http) throws Exception {
			return http.authorizeHttpRequests((requests) -> requests.anyRequest().permitAll())
				.httpBasic(Customizer.withDefaults())
				.csrf((csrf) -> csrf.disable())
				.build();
		}

		@Bean
		InMemoryUserDetailsManager users() {
			return new InMemoryUserDetailsManager(
					User.withUsername("alice").password("{noop}secret").roles("RESILIENTDB_OPERATOR").build(),
					User.withUsername("bob").password("{noop}secret").roles("USER").build(),
					User.withUsername("carol").password("{noop}secret").roles("DBA").build());
		}

	}

}
