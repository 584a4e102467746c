package io.github.resilientdb.jdbc.pool;

import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.classify.Throwables;
import io.github.resilientdb.jdbc.JdbcStack;
import io.github.resilientdb.test.server.PrivatePostgres;
import org.junit.jupiter.api.Test;

import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * More callers than connections: those beyond the pool's size fail within the configured wait, with an error that
 * carries the pool's counts and is classified as never sent, and none of them hangs.
 */
class JdbcPoolExhaustionTests {

	private static final int POOL_SIZE = 2;

	private static final int CALLERS = 6;

	private static final Duration WAIT = Duration.ofMillis(300);

	private final ApplicationContextRunner runner = JdbcStack.runner(PrivatePostgres.shared())
		.withBean(Sleeper.class)
		.withPropertyValues("resilientdb.jdbc.pool.maximum-pool-size=" + POOL_SIZE,
				"resilientdb.jdbc.pool.connection-timeout=" + WAIT.toMillis() + "ms",
				"resilientdb.jdbc.pool.validation-timeout=250ms");

	@Test
	void callersBeyondThePoolFailWithinTheWaitWithPoolCountsAndNeverHang() {
		this.runner.run((context) -> {
			Sleeper sleeper = context.getBean(Sleeper.class);
			JdbcPoolControl control = context.getBean(JdbcPoolControl.class);
			sleeper.sleep(0);
			await().atMost(Duration.ofSeconds(10)).until(() -> control.stats().idle() == POOL_SIZE);
			ExecutorService executor = Executors.newFixedThreadPool(CALLERS);
			try {
				CountDownLatch start = new CountDownLatch(1);
				List<CompletableFuture<Outcome>> futures = new ArrayList<>();
				for (int i = 0; i < CALLERS; i++) {
					futures.add(CompletableFuture.supplyAsync(() -> call(sleeper, start), executor));
				}
				start.countDown();
				List<Outcome> outcomes = new ArrayList<>();
				for (CompletableFuture<Outcome> future : futures) {
					outcomes.add(future.get(15, TimeUnit.SECONDS));
				}
				List<Outcome> failed = outcomes.stream().filter((outcome) -> outcome.failure() != null).toList();
				System.out.println("Pool exhaustion, elapsed ms per caller (wait " + WAIT.toMillis() + " ms): "
						+ outcomes.stream().map(Outcome::describe).toList());
				assertThat(failed).hasSize(CALLERS - POOL_SIZE);
				ErrorClassification classification = context.getBean(ErrorClassification.class);
				for (Outcome outcome : failed) {
					assertThat(outcome.elapsed().toMillis()).isGreaterThanOrEqualTo(WAIT.toMillis() - 10)
						.isLessThan(WAIT.toMillis() * 3);
					SQLTransientConnectionException timeout = Throwables.find(outcome.failure(),
							SQLTransientConnectionException.class);
					assertThat((Throwable) timeout).isNotNull();
					assertThat(timeout.getMessage()).contains(control.poolName())
						.containsPattern("total=2, active=2, idle=0, waiting=\\d+");
					assertThat(classification.classify(outcome.failure())).isEqualTo(ErrorCategory.NOT_SENT);
				}
			}
			finally {
				executor.shutdownNow();
			}
		});
	}

	private static Outcome call(Sleeper sleeper, CountDownLatch start) {
		try {
			start.await();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		long begin = System.nanoTime();
		try {
			sleeper.sleep(2);
			return new Outcome(Duration.ofNanos(System.nanoTime() - begin), null);
		}
		catch (RuntimeException ex) {
			return new Outcome(Duration.ofNanos(System.nanoTime() - begin), ex);
		}
	}

	record Outcome(Duration elapsed, RuntimeException failure) {

		String describe() {
			return elapsed().toMillis() + ((failure() != null) ? " failed" : " ok");
		}

	}

	static class Sleeper {

		private final JdbcTemplate jdbc;

		Sleeper(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		@ResilientDb(datastore = "jdbc", retry = "none")
		@Transactional
		public void sleep(double seconds) {
			this.jdbc.queryForList("select pg_sleep(?)", seconds);
		}

	}

}
