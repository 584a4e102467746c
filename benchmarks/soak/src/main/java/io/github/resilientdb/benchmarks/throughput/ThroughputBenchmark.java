package io.github.resilientdb.benchmarks.throughput;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;

import io.github.resilientdb.test.server.MongoTestServer;
import io.github.resilientdb.test.server.PrivatePostgres;
import io.github.resilientdb.test.server.PrivateRedis;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.convert.DurationStyle;
import org.springframework.boot.json.JsonWriter;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * Throughput and caller CPU per call of the same workload on real loopback databases (a private PostgreSQL and Redis,
 * mongo-java-server), without ("raw") and with {@code @ResilientDb}, in one application and one JVM. Per store, the
 * variants run in blocks ordered A B B A, repeated {@code --rounds} times after one discarded warm-up pair, so drifts
 * of a shared machine fall on both alike. CPU per call is the caller threads' CPU time ({@link ThreadMXBean}) over
 * their calls.
 *
 * <pre>
 * java -Dloader.main=io.github.resilientdb.benchmarks.throughput.ThroughputBenchmark -jar benchmarks/soak/target/soak.jar \
 *     --block=5s --rounds=3 --threads=4
 * </pre>
 */
public final class ThroughputBenchmark {

	private ThroughputBenchmark() {
	}

	public static void main(String[] args) throws Exception {
		Duration block = Duration.ofSeconds(5);
		int rounds = 3;
		int threads = 4;
		Path output = Path.of("benchmarks", "target");
		for (String arg : args) {
			String[] option = arg.split("=", 2);
			switch (option[0]) {
				case "--block" -> block = DurationStyle.detectAndParse(option[1]);
				case "--rounds" -> rounds = Integer.parseInt(option[1]);
				case "--threads" -> threads = Integer.parseInt(option[1]);
				case "--output" -> output = Path.of(option[1]);
				default -> {
					System.err.println("usage: ThroughputBenchmark [--block=5s] [--rounds=3] [--threads=4] "
							+ "[--output=DIRECTORY]; unknown option " + arg);
					System.exit(2);
				}
			}
		}
		try (PrivatePostgres postgres = PrivatePostgres.start();
				PrivateRedis redis = PrivateRedis.start();
				MongoTestServer mongo = MongoTestServer.start();
				ConfigurableApplicationContext app = new SpringApplicationBuilder(ThroughputApplication.class)
					.web(WebApplicationType.NONE)
					.properties(Map.of("spring.main.banner-mode", "off", "logging.level.root", "warn",
							"spring.datasource.url", postgres.jdbcUrl(), "spring.datasource.username", postgres.user(),
							"spring.data.redis.host", "127.0.0.1", "spring.data.redis.port", redis.port(),
							"spring.mongodb.uri", mongo.connectionString()))
					.run()) {
			app.getBean("rawJdbc", Targets.Jdbc.class).createTable();
			Map<String, Object> results = new LinkedHashMap<>();
			StringBuilder table = new StringBuilder("| store | raw ops/s | @ResilientDb ops/s | throughput ratio (rounds' range) | "
					+ "raw CPU us/call | @ResilientDb CPU us/call | CPU ratio (rounds' range) |\n|---|---:|---:|---:|---:|---:|---:|\n");
			for (String store : List.of("jdbc", "redis", "mongo")) {
				Workload raw = app.getBean("raw" + capitalized(store), Workload.class);
				Workload resilient = app.getBean("resilient" + capitalized(store), Workload.class);
				measure(raw, threads, Duration.ofSeconds(2));
				measure(resilient, threads, Duration.ofSeconds(2));
				Totals rawTotals = new Totals();
				Totals resilientTotals = new Totals();
				List<Double> roundThroughputRatios = new ArrayList<>();
				List<Double> roundCpuRatios = new ArrayList<>();
				for (int round = 0; round < rounds; round++) {
					Totals rawRound = new Totals();
					Totals resilientRound = new Totals();
					rawRound.add(measure(raw, threads, block));
					resilientRound.add(measure(resilient, threads, block));
					resilientRound.add(measure(resilient, threads, block));
					rawRound.add(measure(raw, threads, block));
					rawTotals.add(rawRound);
					resilientTotals.add(resilientRound);
					roundThroughputRatios.add(resilientRound.opsPerSecond() / rawRound.opsPerSecond());
					roundCpuRatios.add(resilientRound.cpuMicrosPerCall() / rawRound.cpuMicrosPerCall());
				}
				double throughputRatio = resilientTotals.opsPerSecond() / rawTotals.opsPerSecond();
				double cpuRatio = resilientTotals.cpuMicrosPerCall() / rawTotals.cpuMicrosPerCall();
				Map<String, Object> figures = new LinkedHashMap<>();
				figures.put("rawOpsPerSecond", rawTotals.opsPerSecond());
				figures.put("resilientDbOpsPerSecond", resilientTotals.opsPerSecond());
				figures.put("throughputRatio", throughputRatio);
				figures.put("rawCpuMicrosPerCall", rawTotals.cpuMicrosPerCall());
				figures.put("resilientDbCpuMicrosPerCall", resilientTotals.cpuMicrosPerCall());
				figures.put("cpuPerCallRatio", cpuRatio);
				figures.put("roundThroughputRatios", roundThroughputRatios);
				figures.put("roundCpuPerCallRatios", roundCpuRatios);
				results.put(store, figures);
				table.append(String.format(Locale.ROOT, "| %s | %.0f | %.0f | %.3f (%s) | %.1f | %.1f | %.3f (%s) |%n",
						store, rawTotals.opsPerSecond(), resilientTotals.opsPerSecond(), throughputRatio,
						range(roundThroughputRatios), rawTotals.cpuMicrosPerCall(), resilientTotals.cpuMicrosPerCall(),
						cpuRatio, range(roundCpuRatios)));
				System.out.print(table.substring(table.lastIndexOf("| " + store + " |")));
			}
			String header = String.format(Locale.ROOT, "Throughput, ABBA x %d rounds of %s blocks, %d caller threads, "
					+ "%d processors.%n%n", rounds, block, threads, Runtime.getRuntime().availableProcessors());
			Files.createDirectories(output);
			Files.writeString(output.resolve("throughput.md"), header + table);
			Map<String, Object> json = new LinkedHashMap<>();
			json.put("blockSeconds", block.toMillis() / 1000.0);
			json.put("rounds", rounds);
			json.put("threads", threads);
			json.put("stores", results);
			Files.writeString(output.resolve("throughput.json"), JsonWriter.standard().writeToString(json));
			System.out.println(header + table);
		}
		catch (IOException ex) {
			throw new IllegalStateException("Could not write the throughput report", ex);
		}
	}

	private static String range(List<Double> ratios) {
		return String.format(Locale.ROOT, "%.3f-%.3f", ratios.stream().mapToDouble(Double::doubleValue).min().orElse(0),
				ratios.stream().mapToDouble(Double::doubleValue).max().orElse(0));
	}

	private static String capitalized(String store) {
		return Character.toUpperCase(store.charAt(0)) + store.substring(1);
	}

	/** Runs {@code threads} callers of {@code workload} for {@code duration}; returns calls, CPU and wall time. */
	private static Block measure(Workload workload, int threads, Duration duration) throws InterruptedException {
		ThreadMXBean mxBean = ManagementFactory.getThreadMXBean();
		AtomicLong calls = new AtomicLong();
		AtomicLong cpu = new AtomicLong();
		CountDownLatch start = new CountDownLatch(1);
		List<Thread> callers = new ArrayList<>();
		long[] deadline = new long[1];
		for (int i = 0; i < threads; i++) {
			long offset = i * 1_000_003L;
			Thread caller = new Thread(() -> {
				try {
					start.await();
				}
				catch (InterruptedException ex) {
					return;
				}
				long cpuBefore = mxBean.getCurrentThreadCpuTime();
				long n = offset;
				long done = 0;
				while (System.nanoTime() < deadline[0]) {
					workload.call(n++);
					done++;
				}
				cpu.addAndGet(mxBean.getCurrentThreadCpuTime() - cpuBefore);
				calls.addAndGet(done);
			}, "throughput-caller-" + i);
			caller.start();
			callers.add(caller);
		}
		long began = System.nanoTime();
		deadline[0] = began + duration.toNanos();
		start.countDown();
		for (Thread caller : callers) {
			caller.join();
		}
		return new Block(calls.get(), cpu.get(), System.nanoTime() - began);
	}

	private record Block(long calls, long cpuNanos, long wallNanos) {
	}

	/** The sum of one variant's blocks. */
	private static final class Totals {

		private long calls;

		private long cpuNanos;

		private long wallNanos;

		void add(Totals other) {
			this.calls += other.calls;
			this.cpuNanos += other.cpuNanos;
			this.wallNanos += other.wallNanos;
		}

		void add(Block block) {
			this.calls += block.calls();
			this.cpuNanos += block.cpuNanos();
			this.wallNanos += block.wallNanos();
		}

		double opsPerSecond() {
			return this.calls / (this.wallNanos / 1e9);
		}

		double cpuMicrosPerCall() {
			return this.cpuNanos / 1e3 / this.calls;
		}

	}

	/** The application: full auto-configuration with the starter, one plain and one resilient bean per store. */
	@Configuration(proxyBeanMethods = false)
	@EnableAutoConfiguration
	static class ThroughputApplication {

		@Bean
		Targets.Jdbc rawJdbc(JdbcTemplate jdbc) {
			return new Targets.Jdbc(jdbc);
		}

		@Bean
		Targets.ResilientJdbc resilientJdbc(JdbcTemplate jdbc) {
			return new Targets.ResilientJdbc(jdbc);
		}

		@Bean
		Targets.Redis rawRedis(StringRedisTemplate redis) {
			return new Targets.Redis(redis);
		}

		@Bean
		Targets.ResilientRedis resilientRedis(StringRedisTemplate redis) {
			return new Targets.ResilientRedis(redis);
		}

		@Bean
		Targets.Mongo rawMongo(MongoTemplate mongo) {
			return new Targets.Mongo(mongo);
		}

		@Bean
		Targets.ResilientMongo resilientMongo(MongoTemplate mongo) {
			return new Targets.ResilientMongo(mongo);
		}

	}

}
