package io.github.resilientdb.alert.autoconfigure;

import java.net.URI;
import java.time.Clock;
import java.time.Duration;

import io.github.resilientdb.alert.HealthTransitionPublisher;
import io.github.resilientdb.alert.WebhookNotifier;
import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;

/**
 * Publishes every datastore health transition seen by the background probes as a
 * {@link io.github.resilientdb.alert.DatastoreHealthChangedEvent} and, when {@code resilientdb.alerts.webhook-url} is
 * set, POSTs it to that webhook.
 */
@AutoConfiguration
@ConditionalOnBooleanProperty(name = "resilientdb.alerts.enabled", matchIfMissing = true)
@EnableConfigurationProperties(AlertsProperties.class)
public final class ResilientDbAlertsAutoConfiguration {

	private static final String PREFIX = "resilientdb.alerts.";

	@Bean
	@ConditionalOnMissingBean
	HealthTransitionPublisher resilientDbHealthTransitionPublisher(ApplicationEventPublisher eventPublisher) {
		return new HealthTransitionPublisher(eventPublisher);
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(JsonMapper.class)
	@ConditionalOnProperty(PREFIX + "webhook-url")
	static class WebhookConfiguration {

		@Bean
		@ConditionalOnMissingBean
		WebhookNotifier resilientDbWebhookNotifier(AlertsProperties properties, Environment environment) {
			URI url = properties.getWebhookUrl();
			if (url == null || url.getHost() == null
					|| !("http".equals(url.getScheme()) || "https".equals(url.getScheme()))) {
				throw new InvalidResilientDbPropertyException(PREFIX + "webhook-url",
						(url != null) ? WebhookNotifier.origin(url) + "..." : "", "an absolute http or https URL");
			}
			positive(PREFIX + "timeout", properties.getTimeout());
			positive(PREFIX + "retry-delay", properties.getRetryDelay());
			if (properties.getMaxRetries() < 0) {
				throw new InvalidResilientDbPropertyException(PREFIX + "max-retries", properties.getMaxRetries(),
						"a whole number of at least 0");
			}
			Duration window = properties.getDeduplicationWindow();
			if (window == null || window.isNegative()) {
				throw new InvalidResilientDbPropertyException(PREFIX + "deduplication-window", window,
						"a duration of zero or more");
			}
			return new WebhookNotifier(url, properties.getTimeout(), properties.getMaxRetries(),
					properties.getRetryDelay(), window, environment.getProperty("spring.application.name"),
					Clock.systemUTC());
		}

		private static void positive(String property, Duration value) {
			if (value == null || value.isNegative() || value.isZero()) {
				throw new InvalidResilientDbPropertyException(property, value, "a positive duration such as 5s");
			}
		}

	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnMissingClass("tools.jackson.databind.json.JsonMapper")
	@ConditionalOnProperty(PREFIX + "webhook-url")
	static class MissingJsonConfiguration {

		@Bean
		Object resilientDbWebhookNotifier(AlertsProperties properties) {
			URI url = properties.getWebhookUrl();
			throw new InvalidResilientDbPropertyException(PREFIX + "webhook-url",
					(url != null && url.getHost() != null) ? WebhookNotifier.origin(url) + "..." : "",
					"a webhook needs Jackson 3 (tools.jackson.core:jackson-databind, brought by "
							+ "spring-boot-starter-json) on the classpath");
		}

	}

}
