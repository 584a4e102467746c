package io.github.resilientdb.benchmarks.outage;

import io.github.resilientdb.test.proxy.FaultProxy;

/** What the fault proxy in front of the broken datastore does during a scenario's fault. */
enum Fault {

	/** The server is down: open connections are reset, new ones refused. */
	REFUSED {

		@Override
		void begin(FaultProxy proxy) {
			proxy.refuseNewConnections();
			proxy.resetLiveConnections();
		}

	},

	/** The server hangs: connections stay open and new ones are accepted, but no byte passes either way. */
	HUNG {

		@Override
		void begin(FaultProxy proxy) {
			proxy.blackhole();
		}

	},

	/**
	 * The server stays up but drops connections: every open connection is reset every
	 * {@link #RESET_INTERVAL_MILLIS} ms, in the middle of whatever transaction it carries.
	 */
	RESET {

		@Override
		void begin(FaultProxy proxy) {
			proxy.resetLiveConnections();
		}

		@Override
		boolean repeats() {
			return true;
		}

	};

	static final long RESET_INTERVAL_MILLIS = 500;

	/** Starts the fault (and repeats it, for {@link #repeats() repeating} faults). */
	abstract void begin(FaultProxy proxy);

	/** Ends the fault: the proxy forwards again as if nothing happened. */
	void end(FaultProxy proxy) {
		proxy.pass();
	}

	/** Whether {@link #begin} is repeated every {@link #RESET_INTERVAL_MILLIS} ms for the fault's duration. */
	boolean repeats() {
		return false;
	}

}
