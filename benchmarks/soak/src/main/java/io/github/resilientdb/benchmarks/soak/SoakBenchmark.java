package io.github.resilientdb.benchmarks.soak;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.MongoTestServer;
import io.github.resilientdb.test.server.PrivateMariaDb;
import io.github.resilientdb.test.server.PrivatePostgres;
import io.github.resilientdb.test.server.PrivateRedis;

import org.springframework.context.ConfigurableApplicationContext;

/**
 * The chaos soak, one command: starts private PostgreSQL, MariaDB and Redis servers and a mongo-java-server on free
 * ports of 127.0.0.1, each behind a {@link FaultProxy}; runs an application with the starter against them (one
 * context per JDBC database); has {@code threads} callers per store issue not-idempotent writes, idempotent writes
 * and reads for the given duration while a seeded {@link FaultSchedule} cycles the faults of {@link FaultKind} through
 * every proxy at once; then verifies every write against the servers, prints the report, writes it as JSON and
 * Markdown, and exits with 1 if any acknowledged write was lost or any not-idempotent write applied twice.
 *
 * <pre>
 * java -jar benchmarks/soak/target/soak.jar 60s --seed=1
 * </pre>
 */
public final class SoakBenchmark {

	private static final Duration STOP_TIMEOUT = Duration.ofSeconds(60);

	private SoakBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		SoakOptions options;
		try {
			options = SoakOptions.parse(args);
		}
		catch (IllegalArgumentException ex) {
			System.err.println(ex.getMessage());
			System.exit(2);
			return;
		}
		System.exit(run(options) ? 0 : 1);
	}

	static boolean run(SoakOptions options) throws Exception {
		Path output = options.output().toAbsolutePath();
		FaultSchedule schedule = FaultSchedule.of(options.seed(), options.duration(), options.fault(), options.gap());
		System.out.println("Starting private PostgreSQL, MariaDB, Redis and mongo-java-server...");
		try (PrivatePostgres postgres = PrivatePostgres.start();
				PrivateMariaDb mariadb = PrivateMariaDb.start();
				PrivateRedis redis = PrivateRedis.start();
				MongoTestServer mongo = MongoTestServer.start();
				FaultProxy postgresProxy = FaultProxy.to("127.0.0.1", postgres.port());
				FaultProxy mariadbProxy = FaultProxy.to("127.0.0.1", mariadb.port());
				FaultProxy redisProxy = FaultProxy.to("127.0.0.1", redis.port());
				FaultProxy mongoProxy = FaultProxy.to("127.0.0.1", mongo.port())) {
			Map<String, Object> common = new HashMap<>();
			common.put("spring.main.banner-mode", "off");
			common.put("spring.jmx.enabled", "false");
			common.put("logging.threshold.console", "off");
			common.put("spring.data.redis.host", "127.0.0.1");
			common.put("spring.data.redis.timeout", "2s");
			common.put("resilientdb.datastores.jdbc.circuit-breaker.minimum-number-of-calls", "10");
			common.put("resilientdb.datastores.redis.circuit-breaker.minimum-number-of-calls", "10");
			common.put("resilientdb.datastores.mongo.circuit-breaker.minimum-number-of-calls", "10");

			Map<String, Object> first = new HashMap<>(common);
			first.put("logging.file.name", output.resolve("soak-postgresql.log").toString());
			first.put("spring.datasource.url", "jdbc:postgresql://127.0.0.1:" + postgresProxy.port()
					+ "/test?connectTimeout=2&socketTimeout=3&prepareThreshold=0");
			first.put("spring.datasource.username", postgres.user());
			first.put("spring.data.redis.port", redisProxy.port());
			first.put("spring.mongodb.uri", "mongodb://127.0.0.1:" + mongoProxy.port()
					+ "/soak?connectTimeoutMS=2000&socketTimeoutMS=3000&serverSelectionTimeoutMS=2000");

			Map<String, Object> second = new HashMap<>(common);
			second.put("logging.file.name", output.resolve("soak-mariadb.log").toString());
			second.put("spring.datasource.url", "jdbc:mariadb://127.0.0.1:" + mariadbProxy.port()
					+ "/test?connectTimeout=2000&socketTimeout=3000");
			second.put("spring.datasource.username", mariadb.user());
			second.put("spring.datasource.password", mariadb.password());
			second.put("spring.data.redis.port", redis.port());
			second.put("spring.mongodb.uri", mongo.connectionString());

			long origin = System.nanoTime();
			List<Run> runs = new ArrayList<>();
			try (ConfigurableApplicationContext postgresApp = SoakApplication.start(first);
					ConfigurableApplicationContext mariadbApp = SoakApplication.start(second)) {
				origin = System.nanoTime();
				runs.add(new Run(postgresApp.getBean(JdbcSoakStore.class),
						recorder("postgresql", "jdbc", postgresApp, schedule, origin), postgresProxy,
						FaultProxy.requestsContaining("insert into " + JdbcSoakStore.ONCE_TABLE)));
				runs.add(new Run(mariadbApp.getBean(JdbcSoakStore.class),
						recorder("mariadb", "jdbc", mariadbApp, schedule, origin), mariadbProxy,
						FaultProxy.requestsContaining("insert into " + JdbcSoakStore.ONCE_TABLE)));
				runs.add(new Run(postgresApp.getBean(RedisSoakStore.class),
						recorder("redis", "redis", postgresApp, schedule, origin), redisProxy,
						FaultProxy.requestsContaining(RedisSoakStore.ONCE_KEY)));
				runs.add(new Run(postgresApp.getBean(MongoSoakStore.class),
						recorder("mongodb", "mongo", postgresApp, schedule, origin), mongoProxy,
						FaultProxy.requestsContaining(MongoSoakStore.ONCE_COLLECTION)));
				System.out.println("Soaking for " + options.duration() + " (seed " + options.seed() + ", "
						+ schedule.windows().size() + " faults)...");
				traffic(options, schedule, runs, origin);
			}
			for (Run run : runs) {
				FaultKind.clear(run.proxy());
			}
			// Bytes a blackhole held back reach the servers once the faults are cleared.
			Thread.sleep(1_000);
			SoakReport report = new SoakReport(options, schedule);
			report.add(runs.get(0).recorder(), AppliedWrites.jdbc(postgres.jdbcUrl(), postgres.user(), postgres.password()));
			report.add(runs.get(1).recorder(), AppliedWrites.jdbc(mariadb.jdbcUrl(), mariadb.user(), mariadb.password()));
			report.add(runs.get(2).recorder(), AppliedWrites.redis(redis.port()));
			report.add(runs.get(3).recorder(), AppliedWrites.mongo(mongo.connectionString().replace("/test", "/soak")));
			report.write(output);
			System.out.println(report.markdown());
			System.out.println("Written to " + output.resolve("soak.json") + " and " + output.resolve("soak.md"));
			return report.isSound();
		}
	}

	private static StoreRecorder recorder(String name, String datastore, ConfigurableApplicationContext app,
			FaultSchedule schedule, long origin) {
		StoreRecorder recorder = new StoreRecorder(name, datastore, schedule, origin,
				app.getBean(ErrorClassification.class));
		app.getBean(ResilientDbRegistries.class).circuitBreakers().circuitBreaker(datastore).getEventPublisher()
			.onStateTransition((event) -> {
				CircuitBreaker.State to = event.getStateTransition().getToState();
				if (to == CircuitBreaker.State.OPEN || to == CircuitBreaker.State.FORCED_OPEN) {
					recorder.breakerOpened(System.nanoTime());
				}
			});
		return recorder;
	}

	private static void traffic(SoakOptions options, FaultSchedule schedule, List<Run> runs, long origin)
			throws InterruptedException {
		long end = origin + options.duration().toNanos();
		List<Thread> callers = new ArrayList<>();
		for (Run run : runs) {
			for (int thread = 0; thread < options.threadsPerStore(); thread++) {
				Caller caller = new Caller(run.store(), run.recorder(), thread, options.seed(),
						() -> System.nanoTime() < end);
				Thread started = new Thread(caller, "soak-" + run.recorder().name() + "-" + thread);
				started.setDaemon(true);
				started.start();
				callers.add(started);
			}
		}
		for (FaultSchedule.Window window : schedule.windows()) {
			sleepUntil(origin + window.start());
			runs.forEach((run) -> window.kind().apply(run.proxy(), run.onceWrites()));
			long windowEnd = origin + window.end();
			while (System.nanoTime() < windowEnd) {
				sleepUntil(Math.min(windowEnd, System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(FaultKind.RESET_EVERY_MILLIS)));
				if (System.nanoTime() < windowEnd) {
					runs.forEach((run) -> window.kind().repeat(run.proxy()));
				}
			}
			runs.forEach((run) -> FaultKind.clear(run.proxy()));
		}
		for (Thread caller : callers) {
			caller.join(Math.max(1, end + STOP_TIMEOUT.toNanos() - System.nanoTime()) / 1_000_000);
			if (caller.isAlive()) {
				throw new IllegalStateException(caller.getName() + " did not stop within " + STOP_TIMEOUT
						+ " of the end of the soak");
			}
		}
	}

	private static void sleepUntil(long nanoTime) throws InterruptedException {
		long remaining = nanoTime - System.nanoTime();
		if (remaining > 0) {
			TimeUnit.NANOSECONDS.sleep(remaining);
		}
	}

	/** One store under soak: its workload, what its callers saw, its proxy and its not-idempotent writes' bytes. */
	private record Run(SoakStore store, StoreRecorder recorder, FaultProxy proxy, Predicate<byte[]> onceWrites) {
	}

}
