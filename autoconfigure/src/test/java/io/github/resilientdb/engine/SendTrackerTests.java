package io.github.resilientdb.engine;

import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class SendTrackerTests {

	@Test
	void nothingSentSinceTheMarkUntilTheHookFires() {
		SendTracker tracker = new SendTracker();
		long mark = tracker.mark();
		assertThat(tracker.sentNothingSince(mark)).isTrue();
		tracker.maySend();
		assertThat(tracker.sentNothingSince(mark)).isFalse();
	}

	@Test
	void sendsOfAnotherThreadDoNotCount() throws Exception {
		SendTracker tracker = new SendTracker();
		long mark = tracker.mark();
		CompletableFuture.runAsync(tracker::maySend).get();
		assertThat(tracker.sentNothingSince(mark)).isTrue();
	}

	@Test
	void sendsThroughAnotherTrackerOrAnUntrackedCallCount() {
		SendTracker jdbc = new SendTracker();
		SendTracker mongo = new SendTracker();
		long mark = jdbc.mark();
		mongo.maySend();
		assertThat(jdbc.sentNothingSince(mark)).isFalse();
		long again = jdbc.mark();
		SendTracker.untrackedCall();
		assertThat(jdbc.sentNothingSince(again)).isFalse();
	}

	@Test
	void trackerUntilHookedAnswersMaybeSentUntilHooked() {
		SendTracker tracker = SendTracker.untilHooked();
		assertThat(tracker.isTracked()).isFalse();
		assertThat(tracker.sentNothingSince(tracker.mark())).isFalse();
		tracker.hooked();
		assertThat(tracker.sentNothingSince(tracker.mark())).isTrue();
	}

	@Test
	void untrackedIsForGood() {
		SendTracker tracker = SendTracker.untilHooked();
		tracker.untracked();
		tracker.hooked();
		assertThat(tracker.isTracked()).isFalse();
		assertThat(tracker.sentNothingSince(tracker.mark())).isFalse();
	}

}
