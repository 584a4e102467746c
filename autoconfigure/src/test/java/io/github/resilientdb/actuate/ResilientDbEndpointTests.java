package io.github.resilientdb.actuate;

import java.security.Principal;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.actuate.ResilientDbEndpoint.ChangesDescriptor;
import io.github.resilientdb.actuate.ResilientDbEndpoint.DatastoreDescriptor;
import io.github.resilientdb.actuate.autoconfigure.ResilientDbEndpointAutoConfiguration;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.engine.ResilientDbRegistries;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.actuate.audit.listener.AuditApplicationEvent;
import org.springframework.boot.actuate.endpoint.SecurityContext;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.dao.TransientDataAccessResourceException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The {@code resilientdb} endpoint read and changed through the real endpoint bean, against the real Resilience4j
 * instances of the datastores.
 */
@ExtendWith(OutputCaptureExtension.class)
class ResilientDbEndpointTests {

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(ResilientDbAutoConfiguration.class,
				ResilientDbEndpointAutoConfiguration.class))
		.withUserConfiguration(StoreConfiguration.class)
		.withPropertyValues("management.endpoints.web.exposure.include=resilientdb", "resilientdb.endpoint.writes=anyone",
				"resilientdb.datastores.jdbc.retry.max-retries=2", "resilientdb.datastores.jdbc.retry.delay=1ms",
				"resilientdb.datastores.jdbc.retry.max-delay=2ms",
				"resilientdb.datastores.jdbc.circuit-breaker.wait-duration-in-open-state=30s",
				"resilientdb.datastores.jdbc.bulkhead.max-concurrent-calls=7",
				"resilientdb.datastores.jdbc.retry.budget.ratio=0.25");

	@Test
	void readDescribesEveryDatastoreFromItsLiveInstances() {
		this.runner.run((context) -> {
			DatastoreDescriptor jdbc = endpoint(context).datastores().datastores().get("jdbc");
			assertThat(jdbc.type()).isEqualTo("jdbc");
			assertThat(jdbc.circuitBreaker().state()).isEqualTo("CLOSED");
			assertThat(jdbc.circuitBreaker().config().waitDurationInOpenState()).isEqualTo("30s");
			assertThat(jdbc.circuitBreaker().config().slowCallDurationThreshold()).isEqualTo("2s");
			assertThat(jdbc.retry().maxRetries()).isEqualTo(2);
			assertThat(jdbc.retry().delay()).isEqualTo("1ms");
			assertThat(jdbc.bulkhead().maxConcurrentCalls()).isEqualTo(7);
			assertThat(jdbc.bulkhead().availableConcurrentCalls()).isEqualTo(7);
			assertThat(jdbc.retryBudget().ratio()).isEqualTo(0.25);
			assertThat(jdbc.pool()).isNull();
			assertThat(jdbc.health()).isNull();
		});
	}

	@Test
	void readOfAnUnknownDatastoreIsNull() {
		this.runner.run((context) -> assertThat(endpoint(context).datastore("oracle")).isNull());
	}

	@Test
	void breakerActionsMoveTheRealBreaker() {
		this.runner.run((context) -> {
			ResilientDbEndpoint endpoint = endpoint(context);
			CircuitBreaker breaker = context.getBean(ResilientDbRegistries.class).circuitBreakers()
				.circuitBreaker("jdbc");
			ChangesDescriptor forced = endpoint.change("jdbc", "FORCED_OPEN", null, null, null, null, null, null,
					null, SecurityContext.NONE);
			assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.FORCED_OPEN);
			assertThat(forced.changes()).singleElement().satisfies((change) -> {
				assertThat(change.field()).isEqualTo("breaker");
				assertThat(change.before()).isEqualTo("CLOSED");
				assertThat(change.after()).isEqualTo("FORCED_OPEN");
			});
			assertThat(endpoint.datastore("jdbc").circuitBreaker().state()).isEqualTo("FORCED_OPEN");
			endpoint.change("jdbc", "closed", null, null, null, null, null, null, null, SecurityContext.NONE);
			assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			breaker.transitionToOpenState();
			endpoint.change("jdbc", "RESET", null, null, null, null, null, null, null, SecurityContext.NONE);
			assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			endpoint.change("jdbc", "CLOSED", null, null, null, null, null, null, null, SecurityContext.NONE);
			assertThat(breaker.getState()).isEqualTo(CircuitBreaker.State.CLOSED);
		});
	}

	@Test
	void forcedOpenBreakerRefusesTheNextCall() {
		this.runner.run((context) -> {
			Store store = context.getBean(Store.class);
			endpoint(context).change("jdbc", "FORCED_OPEN", null, null, null, null, null, null, null,
					SecurityContext.NONE);
			assertThatExceptionOfType(io.github.resilientdb.DatabaseUnavailableException.class)
				.isThrownBy(() -> store.failTwice(new AtomicInteger()));
		});
	}

	@Test
	void retryChangeAppliesToMethodsAlreadyCalled() {
		this.runner.run((context) -> {
			Store store = context.getBean(Store.class);
			AtomicInteger attempts = new AtomicInteger();
			assertThat(store.failTwice(attempts)).isEqualTo("ok");
			assertThat(attempts).hasValue(3);
			ChangesDescriptor changes = endpoint(context).change("jdbc", null, null, null, "0", null, null, null,
					null, SecurityContext.NONE);
			assertThat(changes.changes()).singleElement().satisfies((change) -> {
				assertThat(change.field()).isEqualTo("retry");
				assertThat(change.before()).startsWith("maxRetries=2, delay=1ms");
				assertThat(change.after()).startsWith("maxRetries=0, delay=1ms");
			});
			AtomicInteger afterChange = new AtomicInteger();
			assertThatExceptionOfType(TransientDataAccessResourceException.class)
				.isThrownBy(() -> store.failTwice(afterChange));
			assertThat(afterChange).hasValue(1);
			assertThat(endpoint(context).datastore("jdbc").retry().maxRetries()).isZero();
			endpoint(context).change("jdbc", null, null, null, 3, "2ms", "1.5", "10ms", 0, SecurityContext.NONE);
			AtomicInteger afterSecondChange = new AtomicInteger();
			assertThat(store.failTwice(afterSecondChange)).isEqualTo("ok");
			assertThat(afterSecondChange).hasValue(3);
			assertThat(endpoint(context).datastore("jdbc").retry())
				.isEqualTo(new ResilientDbEndpoint.RetryDescriptor(3, "2ms", 1.5, "10ms", 0));
		});
	}

	@Test
	void invalidValuesAreRefusedNamingTheirField() {
		this.runner.run((context) -> {
			ResilientDbEndpoint endpoint = endpoint(context);
			assertRefused(() -> endpoint.change("jdbc", "EXPLODE", null, null, null, null, null, null, null,
					SecurityContext.NONE), "breaker", "one of [RESET, FORCED_OPEN, CLOSED]");
			assertRefused(() -> endpoint.change("jdbc", null, null, null, "-1", null, null, null, null,
					SecurityContext.NONE), "maxRetries", "a whole number from 0 to 10");
			assertRefused(() -> endpoint.change("jdbc", null, null, null, "two", null, null, null, null,
					SecurityContext.NONE), "maxRetries", "a whole number from 0 to 10");
			assertRefused(() -> endpoint.change("jdbc", null, null, null, null, "soon", null, null, null,
					SecurityContext.NONE), "retryDelay", "a duration from 1ms to 30s");
			assertRefused(() -> endpoint.change("jdbc", null, null, null, null, "5s", null, null, null,
					SecurityContext.NONE), "retryMaxDelay", "no shorter than retryDelay (5s)");
			assertRefused(() -> endpoint.change("jdbc", null, null, null, null, null, "0.5", null, null,
					SecurityContext.NONE), "retryMultiplier", "a number from 1.0 (inclusive) to 10.0 (inclusive)");
			assertRefused(() -> endpoint.change("jdbc", null, null, null, null, null, null, null, "1",
					SecurityContext.NONE), "retryJitter", "a number from 0.0 (inclusive) to 1.0 (exclusive)");
			assertRefused(() -> endpoint.change("jdbc", null, "20", null, null, null, null, null, null,
					SecurityContext.NONE), "maximumPoolSize", "no connection pool");
			assertRefused(() -> endpoint.change("jdbc", null, null, null, null, null, null, null, null,
					SecurityContext.NONE), null, "No change requested: give at least one of [breaker");
		});
	}

	@Test
	void refusedRequestChangesNothing() {
		this.runner.run((context) -> {
			ResilientDbEndpoint endpoint = endpoint(context);
			assertRefused(() -> endpoint.change("jdbc", "FORCED_OPEN", null, null, "-1", null, null, null, null,
					SecurityContext.NONE), "maxRetries", "from 0 to 10");
			assertThat(endpoint.datastore("jdbc").circuitBreaker().state()).isEqualTo("CLOSED");
			assertThat(endpoint.datastore("jdbc").retry().maxRetries()).isEqualTo(2);
		});
	}

	@Test
	void unknownDatastoreIsRefused() {
		this.runner.run((context) -> assertThatExceptionOfType(InvalidChangeException.class)
			.isThrownBy(() -> endpoint(context).change("oracle", "RESET", null, null, null, null, null, null, null,
					SecurityContext.NONE))
			.satisfies((ex) -> {
				assertThat(ex.isUnknownDatastore()).isTrue();
				assertThat(ex.getField()).isEqualTo("datastore");
				assertThat(ex.getReason()).isEqualTo("There is no datastore 'oracle'; datastores: [jdbc]");
			}));
	}

	@Test
	void everyChangeIsAuditedWithWhoWhatBeforeAndAfter(CapturedOutput output) {
		this.runner.run((context) -> {
			SecurityContext alice = securityContext(() -> "alice");
			endpoint(context).change("jdbc", "FORCED_OPEN", null, null, "1", null, null, null, null, alice);
			assertThat(output).contains("resilientdb change by alice: datastore=jdbc breaker CLOSED -> FORCED_OPEN")
				.contains("resilientdb change by alice: datastore=jdbc retry maxRetries=2, delay=1ms, multiplier=2.0, "
						+ "maxDelay=2ms, jitter=0.5 -> maxRetries=1, delay=1ms");
			endpoint(context).change("jdbc", "RESET", null, null, null, null, null, null, null, SecurityContext.NONE);
			assertThat(output).contains("resilientdb change by anonymous: datastore=jdbc breaker FORCED_OPEN -> CLOSED");
			assertThat(context.getBean(StoreConfiguration.class).auditEvents)
				.extracting((event) -> event.getAuditEvent().getPrincipal() + " " + event.getAuditEvent().getType()
						+ " " + event.getAuditEvent().getData())
				.containsExactly("alice RESILIENTDB_CHANGE {datastore=jdbc, field=retry, before=maxRetries=2, "
						+ "delay=1ms, multiplier=2.0, maxDelay=2ms, jitter=0.5, after=maxRetries=1, delay=1ms, "
						+ "multiplier=2.0, maxDelay=2ms, jitter=0.5}",
						"alice RESILIENTDB_CHANGE {datastore=jdbc, field=breaker, before=CLOSED, after=FORCED_OPEN}",
						"anonymous RESILIENTDB_CHANGE {datastore=jdbc, field=breaker, before=FORCED_OPEN, "
								+ "after=CLOSED}");
		});
	}

	@Test
	void refusedChangesAreAuditedOnOneLine(CapturedOutput output) {
		this.runner.run((context) -> {
			SecurityContext mallory = securityContext(() -> "mallory\nINFO forged line");
			assertThatExceptionOfType(InvalidChangeException.class).isThrownBy(() -> endpoint(context)
				.change("jdbc", "OPEN\nINFO forged", null, null, null, null, null, null, null, mallory));
			assertThat(output).contains("resilientdb change by mallory\\nINFO forged line refused: datastore=jdbc "
					+ "Invalid value 'OPEN\\nINFO forged' for 'breaker'");
			assertThat(output).doesNotContain("\nINFO forged");
		});
	}

	@Test
	void forgedNamesAndValuesStayOnOneShortLine(CapturedOutput output) {
		this.runner.run((context) -> {
			String forged = "\r\n2026-12-06T01:00:00.000Z  INFO 1 --- [main] io.github.resilientdb.audit : "
					+ "resilientdb change by ops-admin: datastore=jdbc breaker CLOSED -> FORCED_OPEN";
			SecurityContext attacker = securityContext(() -> "\u001b[1A\u001b[2K" + "m".repeat(10_240));
			assertThatExceptionOfType(InvalidChangeException.class).isThrownBy(() -> endpoint(context)
				.change("jdbc" + forged + "x".repeat(10_240), "RESET", null, null, null, null, null, null, null,
						attacker));
			assertThatExceptionOfType(InvalidChangeException.class).isThrownBy(() -> endpoint(context)
				.change("jdbc", forged + "v".repeat(10_240), null, null, null, null, null, null, null, attacker));
			assertThat(output.toString().lines()).noneMatch((line) -> line.startsWith("2026-12-06"))
				.noneMatch((line) -> line.contains("\u001b"))
				.filteredOn((line) -> line.contains("io.github.resilientdb.audit"))
				.hasSize(2)
				.allSatisfy((line) -> assertThat(line).hasSizeLessThan(1000).contains("\\u001b[1A\\u001b[2Kmmm"));
			assertThat(context.getBean(StoreConfiguration.class).auditEvents)
				.extracting((event) -> event.getAuditEvent().getPrincipal() + event.getAuditEvent().getData())
				.hasSize(2)
				.allSatisfy((event) -> assertThat(event).doesNotContain("\r", "\n", "\u001b").hasSizeLessThan(1500));
		});
	}

	private static void assertRefused(Runnable change, @Nullable String field, String message) {
		assertThatExceptionOfType(InvalidChangeException.class).isThrownBy(change::run).satisfies((ex) -> {
			assertThat(ex.getField()).isEqualTo(field);
			assertThat(ex.isUnknownDatastore()).isFalse();
			assertThat(ex.getReason()).contains(message);
			if (field != null) {
				assertThat(ex.getReason()).contains("'" + field + "'");
			}
		});
	}

	private static ResilientDbEndpoint endpoint(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		return context.getBean(ResilientDbEndpoint.class);
	}

	private static SecurityContext securityContext(Principal principal) {
		return new SecurityContext() {

			@Override
			public Principal getPrincipal() {
				return principal;
			}

			@Override
			public boolean isUserInRole(String role) {
				return false;
			}

		};
	}

	@Configuration(proxyBeanMethods = false)
	static class StoreConfiguration {

		final List<AuditApplicationEvent> auditEvents = new CopyOnWriteArrayList<>();

		@EventListener
		void onAuditEvent(AuditApplicationEvent event) {
			this.auditEvents.add(event);
		}

		@Bean
		DatastoreType jdbcDatastoreType() {
			return new DatastoreType("jdbc",
					(ex) -> (ex instanceof TransientDataAccessResourceException) ? ErrorCategory.NOT_SENT : null,
					List.of());
		}

		@Bean
		Store store() {
			return new Store();
		}

	}

	static class Store {

		@ResilientDb(idempotency = Idempotency.IDEMPOTENT)
		public String failTwice(AtomicInteger attempts) {
			if (attempts.incrementAndGet() < 3) {
				throw new TransientDataAccessResourceException("boom");
			}
			return "ok";
		}

	}

}
