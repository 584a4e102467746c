package io.github.resilientdb.actuate;

import io.github.resilientdb.actuate.autoconfigure.ResilientDbSanitizingAutoConfiguration;
import io.github.resilientdb.alert.autoconfigure.ResilientDbAlertsAutoConfiguration;
import org.junit.jupiter.api.Test;

import org.springframework.boot.actuate.autoconfigure.context.properties.ConfigurationPropertiesReportEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.jackson.JacksonEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.endpoint.web.WebEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.env.EnvironmentEndpointAutoConfiguration;
import org.springframework.boot.actuate.autoconfigure.web.server.ManagementContextAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.http.converter.autoconfigure.HttpMessageConvertersAutoConfiguration;
import org.springframework.boot.jackson.autoconfigure.JacksonAutoConfiguration;
import org.springframework.boot.servlet.autoconfigure.actuate.web.ServletManagementContextAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableWebApplicationContext;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.boot.tomcat.autoconfigure.servlet.TomcatServletWebServerAutoConfiguration;
import org.springframework.boot.web.server.servlet.context.AnnotationConfigServletWebServerApplicationContext;
import org.springframework.boot.web.server.servlet.context.ServletWebServerApplicationContext;
import org.springframework.boot.webmvc.autoconfigure.DispatcherServletAutoConfiguration;
import org.springframework.boot.webmvc.autoconfigure.WebMvcAutoConfiguration;
import org.springframework.web.client.RestClient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link ResilientDbSanitizingFunction} through the real {@code env} and {@code configprops} endpoints over HTTP, with
 * every value shown.
 */
class ResilientDbSanitizingFunctionTests {

	private static final String WEBHOOK = "https://hookuser:hookP4ss@hooks.example.com:8443/services/T01/B02/"
			+ "pathS3cret?token=queryS3cret&channel=ops";

	private static final String MASKED = "https://******@hooks.example.com:8443/******?******";

	private final WebApplicationContextRunner runner = new WebApplicationContextRunner(
			AnnotationConfigServletWebServerApplicationContext::new)
		.withConfiguration(AutoConfigurations.of(TomcatServletWebServerAutoConfiguration.class,
				DispatcherServletAutoConfiguration.class, JacksonAutoConfiguration.class,
				HttpMessageConvertersAutoConfiguration.class, WebMvcAutoConfiguration.class,
				EndpointAutoConfiguration.class, JacksonEndpointAutoConfiguration.class,
				WebEndpointAutoConfiguration.class, ManagementContextAutoConfiguration.class,
				ServletManagementContextAutoConfiguration.class, EnvironmentEndpointAutoConfiguration.class,
				ConfigurationPropertiesReportEndpointAutoConfiguration.class, ResilientDbAlertsAutoConfiguration.class))
		.withPropertyValues("server.port=0", "management.endpoints.web.exposure.include=env,configprops",
				"management.endpoint.env.show-values=always", "management.endpoint.configprops.show-values=always",
				"resilientdb.alerts.webhook-url=" + WEBHOOK, "resilientdb.custom.api-token=tokenS3cret",
				"resilientdb.endpoint.operator-role=DBA");

	@Test
	void webhookUrlKeepsOnlyItsSchemeHostAndPortInEnvAndConfigprops() {
		this.runner.withConfiguration(AutoConfigurations.of(ResilientDbSanitizingAutoConfiguration.class))
			.run((context) -> {
				String env = client(context).get().uri("/actuator/env").retrieve().body(String.class);
				String envProperty = client(context).get()
					.uri("/actuator/env/resilientdb.alerts.webhook-url")
					.retrieve()
					.body(String.class);
				String configprops = client(context).get().uri("/actuator/configprops").retrieve().body(String.class);
				assertThat(env).contains("\"resilientdb.alerts.webhook-url\":{\"value\":\"" + MASKED + "\"");
				assertThat(envProperty).contains(MASKED);
				assertThat(configprops).contains("\"webhookUrl\":\"" + MASKED + "\"");
				for (String body : new String[] { env, envProperty, configprops }) {
					assertThat(body).doesNotContain("S3cret", "hookP4ss", "hookuser");
				}
				assertThat(env).as("values that carry no credential stay readable")
					.contains("\"resilientdb.endpoint.operator-role\":{\"value\":\"DBA\"");
			});
	}

	@Test
	void withoutTheFunctionBootWouldShowTheWebhookSecrets() {
		this.runner.run((context) -> assertThat(
				client(context).get().uri("/actuator/env").retrieve().body(String.class))
			.contains("queryS3cret", "hookP4ss"));
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

}
