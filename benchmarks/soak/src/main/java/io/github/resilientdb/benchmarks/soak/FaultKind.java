package io.github.resilientdb.benchmarks.soak;

import java.time.Duration;
import java.util.function.Predicate;

import io.github.resilientdb.test.proxy.FaultProxy;

/** The faults the soak cycles through, each applied to a proxy at the start of its window and undone at its end. */
enum FaultKind {

	/** New connections refused and open ones reset: the server is gone. */
	REFUSE,

	/** Open connections reset at the start and every {@value #RESET_EVERY_MILLIS} ms: a flapping network. */
	RESET,

	/** Nothing flows either way: a partition; calls time out. */
	BLACKHOLE,

	/** Every byte delayed by {@link #LATENCY} each way. */
	LATENCY,

	/** The replies to up to {@value #DROPPED_REPLIES} not-idempotent writes dropped after the server applied them. */
	DROP_REPLIES;

	static final long RESET_EVERY_MILLIS = 500;

	static final Duration LATENCY_DELAY = Duration.ofMillis(300);

	static final int DROPPED_REPLIES = 20;

	/** Puts the fault in place on {@code proxy}; {@code onceWrites} matches the store's not-idempotent writes. */
	void apply(FaultProxy proxy, Predicate<byte[]> onceWrites) {
		switch (this) {
			case REFUSE -> {
				proxy.refuseNewConnections();
				proxy.resetLiveConnections();
			}
			case RESET -> proxy.resetLiveConnections();
			case BLACKHOLE -> proxy.blackhole();
			case LATENCY -> proxy.latency(LATENCY_DELAY);
			case DROP_REPLIES -> proxy.dropReplies(DROPPED_REPLIES, onceWrites);
		}
	}

	/** What the fault does every {@value #RESET_EVERY_MILLIS} ms while it lasts. */
	void repeat(FaultProxy proxy) {
		if (this == RESET) {
			proxy.resetLiveConnections();
		}
	}

	/** Takes the fault away. */
	static void clear(FaultProxy proxy) {
		proxy.dropReplies(0);
		proxy.pass();
	}

}
