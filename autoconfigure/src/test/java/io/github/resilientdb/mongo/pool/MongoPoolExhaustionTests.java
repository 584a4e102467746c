package io.github.resilientdb.mongo.pool;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import com.mongodb.MongoTimeoutException;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.classify.Throwables;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.MongoTestServer;
import org.bson.Document;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.data.mongodb.core.MongoTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * More concurrent callers than pooled connections, against a real server behind a slow network: the callers beyond
 * the pool's size fail within the configured wait for a connection, with a clear error that is classified as never
 * sent, and none of them hangs.
 */
@ExtendWith(OutputCaptureExtension.class)
class MongoPoolExhaustionTests {

	private static final Duration MAX_WAIT = Duration.ofMillis(300);

	private static final Duration ONE_WAY_LATENCY = Duration.ofMillis(750);

	private static final int CALLERS = 6;

	private static final int POOL_SIZE = 2;

	@Test
	void callersBeyondThePoolFailWithinTheWaitAndNoneHangs(CapturedOutput output) throws Exception {
		try (MongoTestServer server = MongoTestServer.start();
				FaultProxy proxy = FaultProxy.to("127.0.0.1", server.port())) {
			new ApplicationContextRunner()
				.withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class,
						DataMongoAutoConfiguration.class, MongoResilientDbAutoConfiguration.class,
						ResilientDbAutoConfiguration.class))
				.withPropertyValues("spring.mongodb.uri=mongodb://127.0.0.1:" + proxy.port() + "/test",
						"resilientdb.mongo.pool.min-size=" + POOL_SIZE, "resilientdb.mongo.pool.max-size=" + POOL_SIZE,
						"resilientdb.mongo.pool.max-wait=" + MAX_WAIT.toMillis() + "ms")
				.run((context) -> {
					MongoTemplate template = context.getBean(MongoTemplate.class);
					MongoPoolMonitor monitor = context.getBean(MongoPoolMonitor.class);
					template.insert(new Document("warm", true), "orders");
					await().atMost(Duration.ofSeconds(5)).until(() -> monitor.stats().get(0).size() == POOL_SIZE);
					proxy.latency(ONE_WAY_LATENCY);

					List<Outcome> outcomes = runConcurrently(template);

					List<Outcome> failed = outcomes.stream().filter((outcome) -> outcome.failure() != null).toList();
					List<Outcome> succeeded = outcomes.stream().filter((outcome) -> outcome.failure() == null).toList();
					System.out.println("pool exhaustion: " + outcomes);
					assertThat(succeeded).hasSize(POOL_SIZE)
						.allSatisfy((outcome) -> assertThat(outcome.elapsed())
							.isGreaterThan(ONE_WAY_LATENCY.multipliedBy(2)));
					assertThat(failed).hasSize(CALLERS - POOL_SIZE).allSatisfy((outcome) -> {
						assertThat(outcome.elapsed()).isGreaterThanOrEqualTo(MAX_WAIT.minusMillis(20))
							.isLessThan(MAX_WAIT.multipliedBy(3));
						assertThat(outcome.failure()).isInstanceOf(DataAccessResourceFailureException.class);
						assertThat(Throwables.find(outcome.failure(), MongoTimeoutException.class))
							.hasMessageMatching("Timed out after \\d+ ms while waiting for a connection to server "
									+ "127\\.0\\.0\\.1:" + proxy.port() + "\\.");
						assertThat(context.getBean(ErrorClassification.class).classify(outcome.failure()))
							.isEqualTo(ErrorCategory.NOT_SENT);
					});
					MongoPoolStats stats = monitor.stats().get(0);
					assertThat(stats.checkOutTimeouts()).isEqualTo(CALLERS - POOL_SIZE);
					assertThat(stats.checkedOut()).isZero();
					assertThat(stats.waitQueueSize()).isZero();
					assertThat(output).containsPattern("Timed out after \\d+ ms waiting for a connection to MongoDB "
							+ "server 127\\.0\\.0\\.1:" + proxy.port() + ": max-size 2, open 2, checked out 2, "
							+ "waiting \\d+, timeouts so far \\d+");
				});
		}
	}

	private static List<Outcome> runConcurrently(MongoTemplate template) throws Exception {
		ExecutorService executor = Executors.newFixedThreadPool(CALLERS);
		try {
			CountDownLatch start = new CountDownLatch(1);
			List<Future<Outcome>> futures = new ArrayList<>();
			for (int i = 0; i < CALLERS; i++) {
				int caller = i;
				futures.add(executor.submit(() -> {
					start.await();
					long begin = System.nanoTime();
					try {
						template.insert(new Document("caller", caller), "orders");
						return new Outcome(caller, Duration.ofNanos(System.nanoTime() - begin), null);
					}
					catch (RuntimeException ex) {
						return new Outcome(caller, Duration.ofNanos(System.nanoTime() - begin), ex);
					}
				}));
			}
			start.countDown();
			List<Outcome> outcomes = new ArrayList<>();
			for (Future<Outcome> future : futures) {
				outcomes.add(future.get(10, TimeUnit.SECONDS));
			}
			return outcomes;
		}
		finally {
			executor.shutdownNow();
		}
	}

	record Outcome(int caller, Duration elapsed, @Nullable RuntimeException failure) {

		@Override
		public String toString() {
			return "caller " + this.caller + " " + ((this.failure != null) ? "failed" : "succeeded") + " after "
					+ this.elapsed.toMillis() + " ms";
		}

	}

}
