package io.github.resilientdb.engine;

import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.TransientDataAccessResourceException;

import static org.assertj.core.api.Assertions.assertThat;

class InterceptorSmokeTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResilientDbAutoConfiguration.class))
		.withUserConfiguration(Config.class);

	@Test
	void retriesNotSentFailures() {
		this.runner.run((context) -> {
			assertThat(context).hasNotFailed();
			Service service = context.getBean(Service.class);
			assertThat(service.flaky()).isEqualTo("ok");
			assertThat(service.attempts()).isEqualTo(3);
			assertThat(context.getBean(MeterRegistry.class).get("resilientdb.calls").tag("outcome", "success").timer().count()).isEqualTo(1);
		});
	}

	@Configuration(proxyBeanMethods = false)
	static class Config {

		@Bean
		DatastoreType testStore() {
			return new DatastoreType("jdbc", (e) -> (e instanceof TransientDataAccessResourceException) ? ErrorCategory.NOT_SENT : null, List.of());
		}

		@Bean
		MeterRegistry meterRegistry() {
			return new SimpleMeterRegistry();
		}

		@Bean
		Service service() {
			return new Service();
		}

	}

	static class Service {

		final AtomicInteger attempts = new AtomicInteger();

		public int attempts() {
			return this.attempts.get();
		}

		@ResilientDb(idempotency = io.github.resilientdb.Idempotency.IDEMPOTENT)
		public String flaky() {
			if (this.attempts.incrementAndGet() < 3) {
				throw new TransientDataAccessResourceException("boom");
			}
			return "ok";
		}

	}

}
