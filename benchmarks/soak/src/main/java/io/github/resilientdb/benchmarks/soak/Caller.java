package io.github.resilientdb.benchmarks.soak;

import java.util.Random;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;

import io.github.resilientdb.benchmarks.soak.StoreRecorder.Operation;

/**
 * One calling thread of the soak: draws each call from its own seeded random (40 % not-idempotent writes, 30 %
 * idempotent writes, 30 % reads of its own earlier writes), records it, pauses briefly, and after a failure a little
 * longer, as a real client would back off.
 */
final class Caller implements Runnable {

	private static final long PAUSE_NANOS = 1_000_000;

	private static final long FAILURE_PAUSE_NANOS = 20_000_000;

	private final SoakStore store;

	private final StoreRecorder recorder;

	private final String prefix;

	private final Random random;

	private final BooleanSupplier running;

	Caller(SoakStore store, StoreRecorder recorder, int thread, long seed, BooleanSupplier running) {
		this.store = store;
		this.recorder = recorder;
		this.prefix = recorder.name() + "-" + thread + "-";
		this.random = new Random(seed * 31 + thread);
		this.running = running;
	}

	@Override
	public void run() {
		long sequence = 0;
		String lastUpsert = null;
		while (this.running.getAsBoolean()) {
			int draw = this.random.nextInt(100);
			Operation operation = (draw < 40) ? Operation.WRITE_ONCE
					: (draw < 70 || lastUpsert == null) ? Operation.UPSERT : Operation.READ;
			String id = (operation == Operation.READ) ? lastUpsert : this.prefix + (sequence++);
			Throwable failure = null;
			long started = System.nanoTime();
			try {
				switch (operation) {
					case WRITE_ONCE -> this.store.writeOnce(id);
					case UPSERT -> this.store.upsert(id);
					case READ -> this.store.read(id);
				}
			}
			catch (RuntimeException ex) {
				failure = ex;
			}
			long ended = System.nanoTime();
			this.recorder.record(operation, id, started, ended, failure);
			if (operation == Operation.UPSERT && failure == null) {
				lastUpsert = id;
			}
			LockSupport.parkNanos((failure != null) ? FAILURE_PAUSE_NANOS : PAUSE_NANOS);
		}
	}

}
