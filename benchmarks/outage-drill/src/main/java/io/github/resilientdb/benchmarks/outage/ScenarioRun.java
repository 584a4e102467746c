package io.github.resilientdb.benchmarks.outage;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import io.github.resilientdb.test.proxy.FaultProxy;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * Runs one scenario: a fresh application on the starter's defaults, with PostgreSQL, Redis and MongoDB each behind a
 * fresh fault proxy; callers and the health poller warm up, the fault lasts its duration, then the drill watches the
 * recovery until there have been as many successes as callers and health's latest answer is UP (at least
 * {@link DrillOptions#settle()}, at most {@link DrillOptions#recovery()}).
 */
final class ScenarioRun {

	/** The machine's own servers, which the drill must never reach. */
	private static final Set<Integer> MACHINE_PORTS = Set.of(5432, 3306, 6379, 27017);

	private static final Duration WARM_UP_LIMIT = Duration.ofSeconds(60);

	private static final Duration UP_WAIT = Duration.ofSeconds(15);

	/** Health statuses that say the application is not ready for the fault yet. */
	private static final Set<String> NOT_SERVING = Set.of("NONE", "DOWN", "OUT_OF_SERVICE", "UNKNOWN");

	private final Scenario scenario;

	private final DrillOptions options;

	private final Servers servers;

	ScenarioRun(Scenario scenario, DrillOptions options, Servers servers) {
		this.scenario = scenario;
		this.options = options;
		this.servers = servers;
	}

	/**
	 * Runs the scenario.
	 * @return its figures
	 */
	Figures run() {
		Path log = this.options.output().resolve(this.scenario.name() + ".log");
		deleteIfExists(log);
		try (FaultProxy postgres = FaultProxy.to("127.0.0.1", privatePort(this.servers.postgresPort()));
				FaultProxy redis = FaultProxy.to("127.0.0.1", privatePort(this.servers.redisPort()));
				FaultProxy mongo = FaultProxy.to("127.0.0.1", privatePort(this.servers.mongoPort()));
				ConfigurableApplicationContext application = DrillApplication.start(properties(
						privatePort(postgres.port()), privatePort(redis.port()), privatePort(mongo.port()), log))) {
			FaultProxy broken = switch (this.scenario.store()) {
				case JDBC -> postgres;
				case REDIS -> redis;
				case MONGO -> mongo;
			};
			int port = Integer.parseInt(application.getEnvironment().getRequiredProperty("local.server.port"));
			try (WebLoad load = new WebLoad(port, this.scenario.store(), this.scenario.callers(),
					application.getBean(CallOutcomes.class), this.options)) {
				load.start();
				warmUp(load);
				return Figures.of(this.scenario.name(), this.scenario.callers(), breakAndRecover(broken, load, log));
			}
		}
	}

	/**
	 * Waits until the callers are served and health answers, not DOWN; then, for a while, until it answers UP (a
	 * default may well report a slow store as DEGRADED on a loaded machine: the drill goes on and reports it).
	 */
	private void warmUp(WebLoad load) {
		long start = System.nanoTime();
		while (!load.servedSince(start) || NOT_SERVING.contains(load.lastHealthStatus())) {
			if (System.nanoTime() - start > WARM_UP_LIMIT.toNanos()) {
				throw new IllegalStateException(this.scenario.name() + ": before the fault, the application did not "
						+ "serve every caller with health up within " + WARM_UP_LIMIT + " (last health status: "
						+ load.lastHealthStatus() + ")");
			}
			pause(Duration.ofMillis(50));
		}
		long waitingForUp = System.nanoTime();
		while (!"UP".equals(load.lastHealthStatus()) && System.nanoTime() - waitingForUp < UP_WAIT.toNanos()) {
			pause(Duration.ofMillis(50));
		}
		pause(Duration.ofSeconds(1));
	}

	private Timeline breakAndRecover(FaultProxy broken, WebLoad load, Path log) {
		long logFrom = size(log);
		this.scenario.fault().begin(broken);
		long faultStart = System.nanoTime();
		long faultEnd = faultStart + this.scenario.duration().toNanos();
		long repeatEvery = this.scenario.fault().repeats() ? Fault.RESET_INTERVAL_MILLIS * 1_000_000 : Long.MAX_VALUE;
		while (true) {
			pause(Duration.ofNanos(Math.min(faultEnd - System.nanoTime(), repeatEvery)));
			if (System.nanoTime() >= faultEnd) {
				break;
			}
			this.scenario.fault().begin(broken);
		}
		long logTo = size(log);
		this.scenario.fault().end(broken);
		long healed = System.nanoTime();
		while (true) {
			long watched = System.nanoTime() - healed;
			if (watched >= this.options.recovery().toNanos()
					|| (watched >= this.options.settle().toNanos() && load.healthySince(healed))) {
				break;
			}
			pause(Duration.ofMillis(50));
		}
		long observedUntil = System.nanoTime();
		load.close();
		return new Timeline(faultStart, healed, observedUntil, load.calls(), load.checks(),
				LogCounts.between(log, logFrom, logTo));
	}

	private String[] properties(int postgresPort, int redisPort, int mongoPort, Path log) {
		List<String> properties = new ArrayList<>(List.of(
				"spring.datasource.url=jdbc:postgresql://127.0.0.1:" + postgresPort + "/test",
				"spring.datasource.username=" + this.servers.postgresUser(),
				"spring.data.redis.url=redis://127.0.0.1:" + redisPort,
				"spring.mongodb.uri=mongodb://127.0.0.1:" + mongoPort + "/test",
				// mongo-java-server does not know the "hello" command that Boot's own MongoDB indicator runs on
				// the application's database: that indicator would be DOWN all the time. Its log is the server's.
				"management.health.mongodb.enabled=false", "logging.level.de.bwaldvogel=OFF",
				"logging.file.name=" + log.toAbsolutePath(), "logging.threshold.console=OFF",
				"logging.pattern.file=" + LogCounts.FILE_PATTERN));
		if (!this.servers.postgresPassword().isEmpty()) {
			properties.add("spring.datasource.password=" + this.servers.postgresPassword());
		}
		return properties.toArray(String[]::new);
	}

	private static int privatePort(int port) {
		if (MACHINE_PORTS.contains(port)) {
			throw new IllegalStateException("Port " + port + " belongs to a server of the machine; the drill only "
					+ "uses its private servers");
		}
		return port;
	}

	private static long size(Path file) {
		try {
			return Files.exists(file) ? Files.size(file) : 0;
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void deleteIfExists(Path file) {
		try {
			Files.createDirectories(file.toAbsolutePath().getParent());
			Files.deleteIfExists(file);
		}
		catch (IOException ex) {
			throw new UncheckedIOException(ex);
		}
	}

	private static void pause(Duration duration) {
		if (duration.isNegative() || duration.isZero()) {
			return;
		}
		try {
			Thread.sleep(duration.toMillis(), (int) (duration.toNanos() % 1_000_000));
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * The private servers the proxies lead to.
	 *
	 * @param postgresPort PostgreSQL's port on 127.0.0.1
	 * @param postgresUser its user
	 * @param postgresPassword that user's password, empty for none
	 * @param redisPort Redis's port on 127.0.0.1
	 * @param mongoPort MongoDB's (mongo-java-server's) port on 127.0.0.1
	 */
	record Servers(int postgresPort, String postgresUser, String postgresPassword, int redisPort, int mongoPort) {

	}

}
