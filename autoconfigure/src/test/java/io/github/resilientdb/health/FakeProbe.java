package io.github.resilientdb.health;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.jspecify.annotations.Nullable;

/**
 * A probe whose answer a test sets: success, an error, a delay, or hanging until released.
 */
final class FakeProbe implements DatastoreProbe {

	private final String type;

	private final List<String> secrets;

	private final AtomicReference<@Nullable Exception> failure = new AtomicReference<>();

	private final AtomicReference<Duration> delay = new AtomicReference<>(Duration.ZERO);

	private final AtomicReference<@Nullable CountDownLatch> hang = new AtomicReference<>();

	private final AtomicReference<@Nullable PoolUsage> pool = new AtomicReference<>();

	private final AtomicInteger running = new AtomicInteger();

	private final AtomicInteger maxRunning = new AtomicInteger();

	private final AtomicInteger calls = new AtomicInteger();

	private final List<Duration> timeouts = new java.util.concurrent.CopyOnWriteArrayList<>();

	FakeProbe(String type, String... secrets) {
		this.type = type;
		this.secrets = List.of(secrets);
	}

	void succeed() {
		this.failure.set(null);
		this.delay.set(Duration.ZERO);
		CountDownLatch latch = this.hang.getAndSet(null);
		if (latch != null) {
			latch.countDown();
		}
	}

	void fail(Exception exception) {
		this.failure.set(exception);
	}

	void delay(Duration delay) {
		this.delay.set(delay);
	}

	void hang() {
		this.hang.set(new CountDownLatch(1));
	}

	void pool(@Nullable PoolUsage usage) {
		this.pool.set(usage);
	}

	int maxRunning() {
		return this.maxRunning.get();
	}

	int calls() {
		return this.calls.get();
	}

	List<Duration> timeouts() {
		return List.copyOf(this.timeouts);
	}

	@Override
	public String type() {
		return this.type;
	}

	@Override
	public void check(Duration timeout) throws Exception {
		this.calls.incrementAndGet();
		this.timeouts.add(timeout);
		this.maxRunning.accumulateAndGet(this.running.incrementAndGet(), Math::max);
		try {
			CountDownLatch latch = this.hang.get();
			if (latch != null) {
				// Ignores interrupts, like a driver blocked in a socket read.
				while (latch.getCount() > 0) {
					try {
						latch.await();
					}
					catch (InterruptedException ex) {
						// Keep hanging.
					}
				}
			}
			Thread.sleep(this.delay.get().toMillis());
			Exception exception = this.failure.get();
			if (exception != null) {
				throw exception;
			}
		}
		finally {
			this.running.decrementAndGet();
		}
	}

	@Override
	public @Nullable PoolUsage pool() {
		return this.pool.get();
	}

	@Override
	public List<String> secrets() {
		return this.secrets;
	}

}
