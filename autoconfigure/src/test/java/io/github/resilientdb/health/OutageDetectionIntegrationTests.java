package io.github.resilientdb.health;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.spi.ILoggingEvent;
import com.zaxxer.hikari.HikariDataSource;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.DatabaseUnavailableException;
import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.StarterAutoConfigurations;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.PrivatePostgres;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import org.springframework.aop.support.AopUtils;
import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.health.actuate.endpoint.HealthEndpoint;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.health.contributor.Status;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.health.DataSourceHealthContributorAutoConfiguration;
import org.springframework.boot.test.context.assertj.AssertableApplicationContext;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Outage detection on the starter's defaults (only the URL set) against a real PostgreSQL behind a fault proxy, with
 * Spring Boot's own {@code db} indicator on the classpath: the breaker opens for a single caller when connections
 * are refused and for a caller stuck on a hung server; a quiet application is DOWN, then UP with its breaker closed,
 * without a single call; {@code /actuator/health} never waits for the database; and the log holds a handful of WARN
 * lines and no stack trace from resilient-db or from the indicators it manages. The bounds asserted here are
 * generous; the outage drill in {@code benchmarks/} measures the figures.
 */
class OutageDetectionIntegrationTests {

	private static final String HIKARI_BROKEN_CONNECTION = "com.zaxxer.hikari.pool.ProxyConnection";

	private FaultProxy proxy;

	private final ExecutorService callers = Executors.newCachedThreadPool();

	private LogRecorder log;

	@BeforeEach
	void startProxy() {
		this.log = LogRecorder.start();
		this.proxy = FaultProxy.to("127.0.0.1", PrivatePostgres.shared().port());
	}

	@AfterEach
	void stopProxy() {
		this.proxy.pass();
		this.callers.shutdownNow();
		this.proxy.close();
		this.log.close();
	}

	@Test
	void refusedConnectionsShouldOpenBreakerForOneCallerThenCloseAfterRecovery() {
		runner().run((context) -> {
			Reader reader = awaitHealthy(context);
			long brokenAt = System.nanoTime();
			this.proxy.refuseNewConnections();
			this.proxy.resetLiveConnections();
			long longestCall = 0;
			Duration firstRejection = null;
			while (firstRejection == null && System.nanoTime() - brokenAt < Duration.ofSeconds(30).toNanos()) {
				long start = System.nanoTime();
				try {
					reader.one();
				}
				catch (DatabaseUnavailableException ex) {
					firstRejection = Duration.ofNanos(System.nanoTime() - brokenAt);
				}
				catch (RuntimeException ex) {
					// A call that reached the pool before the breaker opened.
					System.out.printf("[outage] call failed after %d ms: %s%n",
							Duration.ofNanos(System.nanoTime() - start).toMillis(), ex);
				}
				longestCall = Math.max(longestCall, System.nanoTime() - start);
			}
			assertThat(firstRejection).as("first fast rejection").isNotNull().isLessThan(Duration.ofSeconds(15));
			long repairedAt = System.nanoTime();
			this.proxy.pass();
			await().atMost(Duration.ofSeconds(15)).until(() -> breaker(context).getState() == CircuitBreaker.State.CLOSED);
			Duration closed = Duration.ofNanos(System.nanoTime() - repairedAt);
			assertThat(reader.one()).isOne();
			System.out.printf("[outage] refused, 1 caller: first rejection after %d ms, longest call %d ms; "
					+ "breaker closed %d ms after the server returned, no call needed%n", firstRejection.toMillis(),
					Duration.ofNanos(longestCall).toMillis(), closed.toMillis());
		});
		assertQuietLog(this.log.events());
	}

	@Test
	void hungServerShouldOpenBreakerWhileTheOnlyCallerIsStuck() throws Exception {
		runner().run((context) -> {
			Reader reader = awaitHealthy(context);
			long brokenAt = System.nanoTime();
			this.proxy.blackhole();
			Future<?> stuck = this.callers.submit(() -> {
				try {
					reader.one();
				}
				catch (RuntimeException ex) {
					// Released when the proxy passes again, or by a driver timeout.
				}
			});
			await().atMost(Duration.ofSeconds(20)).until(() -> breaker(context).getState() == CircuitBreaker.State.OPEN);
			Duration opened = Duration.ofNanos(System.nanoTime() - brokenAt);
			long start = System.nanoTime();
			try {
				reader.one();
			}
			catch (DatabaseUnavailableException ex) {
				// Expected.
			}
			Duration rejection = Duration.ofNanos(System.nanoTime() - start);
			assertThat(opened).isLessThan(Duration.ofSeconds(10));
			assertThat(rejection).isLessThan(Duration.ofSeconds(1));
			this.proxy.pass();
			stuck.get();
			await().atMost(Duration.ofSeconds(15)).until(() -> breaker(context).getState() == CircuitBreaker.State.CLOSED);
			System.out.printf("[outage] hung server, 1 caller stuck: breaker open after %d ms; a new call rejected "
					+ "in %.3f ms%n", opened.toMillis(), rejection.toNanos() / 1e6);
		});
		assertQuietLog(this.log.events());
	}

	@Test
	void quietApplicationShouldBeDownThenUpWithoutBlockingHealth() {
		runner().run((context) -> {
			awaitHealthy(context);
			HealthEndpoint health = context.getBean(HealthEndpoint.class);
			assertThat(health.healthForPath("db")).as("Spring Boot's blocking indicator").isNull();
			long brokenAt = System.nanoTime();
			this.proxy.blackhole();
			long slowest = 0;
			Status status = Status.UP;
			while (!Status.DOWN.equals(status) && System.nanoTime() - brokenAt < Duration.ofSeconds(30).toNanos()) {
				long start = System.nanoTime();
				status = health.health().getStatus();
				slowest = Math.max(slowest, System.nanoTime() - start);
				sleep(Duration.ofMillis(20));
			}
			Duration down = Duration.ofNanos(System.nanoTime() - brokenAt);
			assertThat(status).isEqualTo(Status.DOWN);
			assertThat(down).isLessThan(Duration.ofSeconds(10));
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.OPEN);
			assertThat(Duration.ofNanos(slowest)).as("slowest health request").isLessThan(Duration.ofSeconds(1));
			long repairedAt = System.nanoTime();
			this.proxy.pass();
			await().atMost(Duration.ofSeconds(15)).until(() -> Status.UP.equals(health.health().getStatus()));
			Duration up = Duration.ofNanos(System.nanoTime() - repairedAt);
			assertThat(up).isLessThan(Duration.ofSeconds(10));
			assertThat(breaker(context).getState()).isEqualTo(CircuitBreaker.State.CLOSED);
			System.out.printf("[outage] quiet application, hung server: DOWN after %d ms, slowest health request "
					+ "%.3f ms; UP (breaker closed) %d ms after the server returned%n", down.toMillis(),
					slowest / 1e6, up.toMillis());
		});
		assertQuietLog(this.log.events());
	}

	@Test
	void fiveSecondFaultShouldOpenBreakerDuringItAndCloseSoonAfter() {
		runner().run((context) -> {
			Reader reader = awaitHealthy(context);
			CircuitBreaker breaker = breaker(context);
			AtomicBoolean calling = new AtomicBoolean(true);
			Future<?> caller = this.callers.submit(() -> {
				while (calling.get()) {
					try {
						reader.one();
					}
					catch (RuntimeException ex) {
						// Refused or failed during the fault.
					}
					sleep(Duration.ofMillis(50));
				}
			});
			long brokenAt = System.nanoTime();
			this.proxy.blackhole();
			Duration opened = null;
			while (System.nanoTime() - brokenAt < Duration.ofSeconds(5).toNanos()) {
				if (opened == null && breaker.getState() == CircuitBreaker.State.OPEN) {
					opened = Duration.ofNanos(System.nanoTime() - brokenAt);
				}
				sleep(Duration.ofMillis(20));
			}
			long repairedAt = System.nanoTime();
			this.proxy.pass();
			await().atMost(Duration.ofSeconds(15)).until(() -> breaker.getState() == CircuitBreaker.State.CLOSED);
			Duration closed = Duration.ofNanos(System.nanoTime() - repairedAt);
			calling.set(false);
			caller.get();
			assertThat(opened).as("opened during the fault").isNotNull();
			assertThat(closed).isLessThan(Duration.ofSeconds(8));
			assertThat(reader.one()).isOne();
			System.out.printf("[outage] 5 s hung-server fault, 1 caller every 50 ms: breaker open %d ms into the "
					+ "fault, closed %d ms after it ended%n", opened.toMillis(), closed.toMillis());
		});
		assertQuietLog(this.log.events());
	}

	@Test
	void eightCallersAndPolledHealthDuringTenSecondOutageShouldLogFewStackFrames() {
		runner().run((context) -> {
			Reader reader = awaitHealthy(context);
			HealthEndpoint health = context.getBean(HealthEndpoint.class);
			int before = this.log.events().size();
			long brokenAt = System.nanoTime();
			this.proxy.refuseNewConnections();
			this.proxy.resetLiveConnections();
			AtomicLong firstRejection = new AtomicLong();
			List<Future<?>> callers = new ArrayList<>();
			for (int i = 0; i < 8; i++) {
				callers.add(this.callers.submit(() -> {
					while (System.nanoTime() - brokenAt < Duration.ofSeconds(10).toNanos()) {
						try {
							reader.one();
						}
						catch (DatabaseUnavailableException ex) {
							firstRejection.compareAndSet(0, System.nanoTime() - brokenAt);
						}
						catch (RuntimeException ex) {
							// Failed before the breaker opened.
						}
						sleep(Duration.ofMillis(20));
					}
				}));
			}
			while (System.nanoTime() - brokenAt < Duration.ofSeconds(10).toNanos()) {
				assertThat(health.health()).isNotNull();
				sleep(Duration.ofMillis(100));
			}
			for (Future<?> caller : callers) {
				caller.get();
			}
			this.proxy.pass();
			await().atMost(Duration.ofSeconds(15)).until(() -> breaker(context).getState() == CircuitBreaker.State.CLOSED);
			long stackFrames = 0;
			long brokenConnectionFrames = 0;
			int brokenConnectionRecords = 0;
			List<ILoggingEvent> events = this.log.events();
			for (ILoggingEvent event : events.subList(before, events.size())) {
				int frames = LogRecorder.stackFrames(event);
				stackFrames += frames;
				if (event.getLoggerName().equals(HIKARI_BROKEN_CONNECTION)) {
					brokenConnectionRecords++;
					brokenConnectionFrames += frames;
				}
			}
			assertThat(firstRejection.get()).isPositive();
			assertThat(stackFrames - brokenConnectionFrames).as("stack-frame lines in the whole log, but HikariCP's")
				.isLessThanOrEqualTo(100);
			assertThat(brokenConnectionRecords).as("HikariCP logs one trace per pooled connection, not per call")
				.isLessThanOrEqualTo(context.getBean(HikariDataSource.class).getMaximumPoolSize());
			System.out.printf("[outage] refused 10 s, 8 callers, health polled: first rejection after %d ms; "
					+ "%d stack-frame lines in the whole log, %d of them in HikariCP's %d 'marked as broken' "
					+ "lines%n", Duration.ofNanos(firstRejection.get()).toMillis(), stackFrames,
					brokenConnectionFrames, brokenConnectionRecords);
		});
		assertQuietLog(this.log.events());
	}

	private ApplicationContextRunner runner() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
					JdbcTemplateAutoConfiguration.class, EndpointAutoConfiguration.class,
					HealthContributorAutoConfiguration.class, HealthContributorRegistryAutoConfiguration.class,
					HealthEndpointAutoConfiguration.class, DataSourceHealthContributorAutoConfiguration.class))
			.withConfiguration(AutoConfigurations.of(StarterAutoConfigurations.all()))
			.withBean(MeterRegistry.class, SimpleMeterRegistry::new)
			.withBean(Reader.class)
			.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:" + this.proxy.port() + "/test",
					"spring.datasource.username=" + PrivatePostgres.shared().user());
	}

	private static Reader awaitHealthy(AssertableApplicationContext context) {
		assertThat(context).hasNotFailed();
		DatastoreHealthMonitor monitor = context.getBean(DatastoreHealthMonitor.class);
		await().atMost(Duration.ofSeconds(20)).until(() -> {
			DatastoreCheck check = monitor.latest("jdbc");
			return check != null && check.status() == DatastoreStatus.UP;
		});
		Reader reader = context.getBean(Reader.class);
		assertThat(AopUtils.isAopProxy(reader)).isTrue();
		assertThat(reader.one()).isOne();
		return reader;
	}

	private static CircuitBreaker breaker(AssertableApplicationContext context) {
		return context.getBean(ResilientDbRegistries.class).circuitBreakers().circuitBreaker("jdbc");
	}

	/**
	 * At most a few WARN lines from resilient-db (one per state change), and no stack trace from it or from Spring
	 * Boot's health indicators.
	 */
	private static void assertQuietLog(List<ILoggingEvent> events) {
		List<String> warnings = new ArrayList<>();
		List<String> tracedRecords = new ArrayList<>();
		for (ILoggingEvent event : events) {
			String logger = event.getLoggerName();
			boolean starter = logger.startsWith("io.github.resilientdb");
			if (starter && event.getLevel() == Level.WARN) {
				warnings.add(event.getFormattedMessage());
			}
			if ((starter || logger.startsWith("org.springframework.boot.health")) && LogRecorder.stackFrames(event) > 0) {
				tracedRecords.add(logger + ": " + event.getFormattedMessage());
			}
		}
		assertThat(tracedRecords).as("records with a stack trace logged by resilient-db or Boot's health").isEmpty();
		assertThat(warnings).hasSizeBetween(1, 8);
		warnings.forEach((line) -> System.out.println("[outage-log] " + line));
	}

	private static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	static class Reader {

		private final JdbcTemplate jdbcTemplate;

		Reader(JdbcTemplate jdbcTemplate) {
			this.jdbcTemplate = jdbcTemplate;
		}

		@ResilientDb(datastore = "jdbc", idempotency = Idempotency.IDEMPOTENT)
		public Integer one() {
			return this.jdbcTemplate.queryForObject("select 1", Integer.class);
		}

	}

}
