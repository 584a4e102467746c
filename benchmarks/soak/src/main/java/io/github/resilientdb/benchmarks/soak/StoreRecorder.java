package io.github.resilientdb.benchmarks.soak;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

import io.github.resilientdb.DatabaseUnavailableException;
import io.github.resilientdb.classify.ErrorClassification;
import io.github.resilientdb.test.WriteLedger;
import org.HdrHistogram.ConcurrentHistogram;
import org.HdrHistogram.Histogram;

/**
 * Everything one store's callers saw during the soak: the ledgers of writes, the classification of failed
 * not-idempotent writes, idempotent successes during and between faults, call latencies per fault in place, when the
 * breaker opened after each fault began and when the first call succeeded after it ended. Thread-safe.
 */
final class StoreRecorder {

	static final String NO_FAULT = "none";

	/** A breaker opening this long after a fault ended is not counted as caused by it. */
	private static final long OPEN_GRACE_NANOS = TimeUnit.SECONDS.toNanos(5);

	private static final long UNSET = -1;

	private final String name;

	private final String datastore;

	private final FaultSchedule schedule;

	private final long origin;

	private final ErrorClassification classification;

	final WriteLedger once = new WriteLedger();

	final WriteLedger upserts = new WriteLedger();

	/** Failed not-idempotent writes: id to classification. */
	final Map<String, String> failedOnceCategories = new ConcurrentHashMap<>();

	final LongAdder idempotentOkDuring = new LongAdder();

	final LongAdder idempotentFailedDuring = new LongAdder();

	final LongAdder idempotentOkBetween = new LongAdder();

	final LongAdder idempotentFailedBetween = new LongAdder();

	final Map<String, Histogram> latencyMicros = new LinkedHashMap<>();

	/** Per window: nanoseconds from its start to the breaker opening, or {@value #UNSET}. */
	final AtomicLongArray breakerOpened;

	/** Per window: nanoseconds from its end to the end of the first successful call started after it. */
	final AtomicLongArray firstSuccess;

	StoreRecorder(String name, String datastore, FaultSchedule schedule, long origin,
			ErrorClassification classification) {
		this.name = name;
		this.datastore = datastore;
		this.schedule = schedule;
		this.origin = origin;
		this.classification = classification;
		this.latencyMicros.put(NO_FAULT, new ConcurrentHistogram(3));
		for (FaultKind kind : FaultKind.values()) {
			this.latencyMicros.put(kind.name(), new ConcurrentHistogram(3));
		}
		int windows = schedule.windows().size();
		this.breakerOpened = unset(windows);
		this.firstSuccess = unset(windows);
	}

	String name() {
		return this.name;
	}

	String datastore() {
		return this.datastore;
	}

	/** Records one call of the workload. */
	void record(Operation operation, String id, long started, long ended, Throwable failure) {
		long startOffset = started - this.origin;
		FaultSchedule.Window window = this.schedule.at(startOffset);
		String fault = (window != null) ? window.kind().name() : NO_FAULT;
		this.latencyMicros.get(fault).recordValue(Math.max(0, (ended - started) / 1_000));
		boolean ok = failure == null;
		switch (operation) {
			case WRITE_ONCE -> {
				if (ok) {
					this.once.acknowledged(id);
				}
				else {
					this.once.failed(id);
					this.failedOnceCategories.put(id, categoryOf(failure));
				}
			}
			case UPSERT -> {
				if (ok) {
					this.upserts.acknowledged(id);
				}
				else {
					this.upserts.failed(id);
				}
			}
			case READ -> {
			}
		}
		if (operation != Operation.WRITE_ONCE) {
			(window != null ? (ok ? this.idempotentOkDuring : this.idempotentFailedDuring)
					: (ok ? this.idempotentOkBetween : this.idempotentFailedBetween)).increment();
		}
		if (ok) {
			FaultSchedule.Window previous = this.schedule.lastStartedBy(startOffset);
			if (previous != null && startOffset >= previous.end()) {
				this.firstSuccess.compareAndSet(previous.index(), UNSET, ended - this.origin - previous.end());
			}
		}
	}

	/** Records that the store's breaker opened now. */
	void breakerOpened(long at) {
		long offset = at - this.origin;
		FaultSchedule.Window window = this.schedule.lastStartedBy(offset);
		if (window != null && offset < window.end() + OPEN_GRACE_NANOS) {
			this.breakerOpened.compareAndSet(window.index(), UNSET, offset - window.start());
		}
	}

	private String categoryOf(Throwable failure) {
		if (failure instanceof DatabaseUnavailableException) {
			return "REJECTED (not sent)";
		}
		return this.classification.classify(failure).name();
	}

	private static AtomicLongArray unset(int length) {
		AtomicLongArray array = new AtomicLongArray(length);
		for (int i = 0; i < length; i++) {
			array.set(i, UNSET);
		}
		return array;
	}

	/** The three calls of the workload. */
	enum Operation {

		WRITE_ONCE, UPSERT, READ

	}

}
