package io.github.resilientdb.alert;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import io.github.resilientdb.alert.autoconfigure.ResilientDbAlertsAutoConfiguration;
import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.health.DatastoreHealthMonitor;
import io.github.resilientdb.health.DatastoreProbe;
import io.github.resilientdb.health.DatastoreStatus;
import io.github.resilientdb.health.autoconfigure.ResilientDbHealthAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.health.JdbcProbeAutoConfiguration;
import io.github.resilientdb.mongo.autoconfigure.health.MongoProbeAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.health.RedisProbeAutoConfiguration;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.FilteredClassLoader;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The conditions of {@link ResilientDbAlertsAutoConfiguration}, and the transitions of a real background probe
 * reaching the application's listeners and the webhook.
 */
class ResilientDbAlertsAutoConfigurationTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResilientDbAlertsAutoConfiguration.class));

	@Test
	void runByDefaultShouldPublishEventsWithoutWebhook() {
		this.runner.run((context) -> assertThat(context).hasSingleBean(HealthTransitionPublisher.class)
			.doesNotHaveBean(WebhookNotifier.class));
	}

	@Test
	void runWithWebhookUrlShouldCreateNotifier() {
		this.runner.withPropertyValues("resilientdb.alerts.webhook-url=https://alerts.example.com/hooks/T0KEN")
			.run((context) -> assertThat(context).hasSingleBean(WebhookNotifier.class)
				.getBean(WebhookNotifier.class)
				.hasToString("WebhookNotifier[https://alerts.example.com]"));
	}

	@Test
	void runWhenDisabledShouldCreateNothing() {
		this.runner
			.withPropertyValues("resilientdb.alerts.enabled=false",
					"resilientdb.alerts.webhook-url=https://alerts.example.com/hooks")
			.run((context) -> assertThat(context).doesNotHaveBean(HealthTransitionPublisher.class)
				.doesNotHaveBean(WebhookNotifier.class));
	}

	@Test
	void runWithUserNotifierShouldBackOff() {
		this.runner.withPropertyValues("resilientdb.alerts.webhook-url=https://alerts.example.com/hooks")
			.withBean("userNotifier", WebhookNotifier.class,
					() -> new WebhookNotifier(URI.create("https://mine.example.com"), Duration.ofSeconds(1), 0,
							Duration.ofSeconds(1), Duration.ZERO, null, Clock.systemUTC()))
			.run((context) -> assertThat(context).hasSingleBean(WebhookNotifier.class).hasBean("userNotifier"));
	}

	@Test
	void runWithUnusableUrlShouldFailNamingThePropertyWithoutTheSecretPart() {
		this.runner.withPropertyValues("resilientdb.alerts.webhook-url=ftp://user:s3cret@files.example.com/T0KEN")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOf(InvalidResilientDbPropertyException.class)
				.hasMessageContaining("resilientdb.alerts.webhook-url")
				.hasMessageContaining("an absolute http or https URL")
				.hasMessageNotContaining("s3cret")
				.hasMessageNotContaining("T0KEN"));
	}

	@Test
	void runWithInvalidTimeoutShouldFailNamingTheProperty() {
		this.runner
			.withPropertyValues("resilientdb.alerts.webhook-url=https://alerts.example.com",
					"resilientdb.alerts.timeout=0s")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("'resilientdb.alerts.timeout'"));
	}

	@Test
	void runWithWebhookButNoJacksonShouldFailSayingWhy() {
		this.runner.withPropertyValues("resilientdb.alerts.webhook-url=https://alerts.example.com/T0KEN")
			.withClassLoader(new FilteredClassLoader(JsonMapper.class))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("resilientdb.alerts.webhook-url")
				.hasMessageContaining("Jackson 3")
				.hasMessageNotContaining("T0KEN"));
	}

	@Test
	void transitionsOfTheBackgroundProbeReachListenersAndTheWebhook() throws IOException {
		try (WebhookReceiver receiver = WebhookReceiver.start()) {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(ResilientDbAutoConfiguration.class,
						ResilientDbHealthAutoConfiguration.class, JdbcProbeAutoConfiguration.class,
					MongoProbeAutoConfiguration.class, RedisProbeAutoConfiguration.class, ResilientDbAlertsAutoConfiguration.class))
				.withUserConfiguration(SwitchableStoreConfiguration.class)
				.withPropertyValues("resilientdb.alerts.webhook-url=" + receiver.url("/hook"),
						"resilientdb.health.interval=100ms", "resilientdb.health.unhealthy-interval=100ms",
						"resilientdb.health.failure-threshold=1", "spring.application.name=orders")
				.run((context) -> {
					assertThat(context).hasNotFailed();
					SwitchableStoreConfiguration store = context.getBean(SwitchableStoreConfiguration.class);
					DatastoreHealthMonitor monitor = context.getBean(DatastoreHealthMonitor.class);
					await().atMost(Duration.ofSeconds(10)).until(() -> monitor.latest("jdbc") != null
							&& monitor.latest("jdbc").status() == DatastoreStatus.UP);
					store.failing.set(true);
					await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() == 1);
					store.failing.set(false);
					await().atMost(Duration.ofSeconds(10)).until(() -> receiver.requests().size() == 2);
					assertThat(receiver.events()).extracting((event) -> event.get("datastore") + " "
							+ event.get("from") + "->" + event.get("to") + " " + event.get("application"))
						.containsExactly("jdbc UP->DOWN orders", "jdbc DOWN->UP orders");
					assertThat(receiver.events().get(0).get("reason").toString()).contains("no route")
						.doesNotContain("pr0bePass");
					assertThat(store.events).extracting((event) -> event.getFrom() + "->" + event.getTo())
						.containsExactly("UP->DOWN", "DOWN->UP");
					assertThat(store.events).allSatisfy((event) -> assertThat(event.getReason())
						.doesNotContain("pr0bePass"));
					assertThat(store.listenerThreads).containsOnly("resilientdb-health-events");
				});
		}
	}

	@Configuration(proxyBeanMethods = false)
	static class SwitchableStoreConfiguration {

		final AtomicBoolean failing = new AtomicBoolean();

		final List<DatastoreHealthChangedEvent> events = new CopyOnWriteArrayList<>();

		final List<String> listenerThreads = new CopyOnWriteArrayList<>();

		@Bean
		DatastoreType jdbcDatastoreType() {
			return new DatastoreType("jdbc", (ex) -> null, List.of());
		}

		@Bean
		DatastoreProbe jdbcDatastoreProbe() {
			return new DatastoreProbe() {

				@Override
				public String type() {
					return "jdbc";
				}

				@Override
				public void check(Duration timeout) {
					if (SwitchableStoreConfiguration.this.failing.get()) {
						throw new IllegalStateException(
								"no route to jdbc:postgresql://app:pr0bePass@10.0.0.1/db password=pr0bePass");
					}
				}

			};
		}

		@EventListener
		void onHealthChanged(DatastoreHealthChangedEvent event) {
			this.listenerThreads.add(Thread.currentThread().getName());
			this.events.add(event);
		}

	}

}
