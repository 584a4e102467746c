package io.github.resilientdb.redis.send;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

import io.github.resilientdb.engine.SendTracker;
import io.github.resilientdb.engine.SendTrackerMarks;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.PrivateRedis;
import io.lettuce.core.ClientOptions;
import io.lettuce.core.ClientOptions.DisconnectedBehavior;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.StringCodec;
import io.lettuce.core.event.command.CommandStartedEvent;
import io.lettuce.core.protocol.Command;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.RedisCommand;
import io.netty.util.concurrent.FastThreadLocalThread;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * The listener counts a command on the thread that hands it to Lettuce: on its own, and on a real client against a
 * private Redis server, where it shows when Lettuce publishes {@code commandStarted}: on the calling thread, also
 * for a command then rejected or queued because the connection is down, and on Lettuce's I/O thread for a command
 * chained to a connection still opening, which turns tracking off.
 */
class SendTrackingCommandListenerTests {

	private final SendTracker tracker = new SendTracker();

	private final SendTrackingCommandListener listener = new SendTrackingCommandListener(this.tracker);

	private RedisClient client;

	@AfterEach
	void shutdown() {
		if (this.client != null) {
			this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
		}
	}

	@Test
	void commandStartedOnTheCallingThreadShouldCountAsSent() {
		long mark = SendTrackerMarks.mark(this.tracker);
		assertThat(SendTrackerMarks.sentNothingSince(this.tracker, mark)).isTrue();
		this.listener.commandStarted(started(CommandType.INCR));
		assertThat(SendTrackerMarks.sentNothingSince(this.tracker, mark)).isFalse();
	}

	@Test
	void commandStartedOnAnotherThreadShouldNotCountForThisOne() throws Exception {
		long mark = SendTrackerMarks.mark(this.tracker);
		CompletableFuture.runAsync(() -> this.listener.commandStarted(started(CommandType.INCR)))
			.get(5, TimeUnit.SECONDS);
		assertThat(SendTrackerMarks.sentNothingSince(this.tracker, mark)).isTrue();
		assertThat(this.tracker.isTracked()).isTrue();
	}

	@Test
	void writeStartedOnAnIoThreadShouldTurnTrackingOff() throws Exception {
		onIoThread(() -> this.listener.commandStarted(started(CommandType.INCR)));
		assertThat(this.tracker.isTracked()).isFalse();
		assertThat(SendTrackerMarks.sentNothingSince(this.tracker, SendTrackerMarks.mark(this.tracker))).isFalse();
	}

	@ParameterizedTest
	@EnumSource(names = { "GET", "SENTINEL", "SUBSCRIBE", "PING" })
	void commandThatChangesNoDataStartedOnAnIoThreadShouldKeepTracking(CommandType type) throws Exception {
		onIoThread(() -> this.listener.commandStarted(started(type)));
		assertThat(this.tracker.isTracked()).isTrue();
	}

	@Test
	void commandOfARealClientShouldCountOnTheCallingThread() {
		StatefulRedisConnection<String, String> connection = connect(PrivateRedis.shared().uri(),
				DisconnectedBehavior.REJECT_COMMANDS);
		long mark = SendTrackerMarks.mark(this.tracker);
		connection.sync().incr("send-tracking:counter");
		assertThat(SendTrackerMarks.sentNothingSince(this.tracker, mark)).isFalse();
		assertThat(this.tracker.isTracked()).isTrue();
	}

	@Test
	void commandRejectedWhileDisconnectedShouldCountAsSent() throws Exception {
		try (FaultProxy proxy = FaultProxy.to("127.0.0.1", PrivateRedis.shared().port())) {
			StatefulRedisConnection<String, String> connection = disconnected(proxy, DisconnectedBehavior.REJECT_COMMANDS);
			long mark = SendTrackerMarks.mark(this.tracker);
			Throwable rejected = catchThrowable(() -> connection.sync().incr("send-tracking:counter"));
			assertThat(rejected).hasMessage("Currently not connected. Commands are rejected.");
			assertThat(SendTrackerMarks.sentNothingSince(this.tracker, mark))
				.as("handed to the connection, then rejected: conservatively counted")
				.isFalse();
		}
	}

	@Test
	void commandQueuedWhileDisconnectedShouldCountAsSent() throws Exception {
		try (FaultProxy proxy = FaultProxy.to("127.0.0.1", PrivateRedis.shared().port())) {
			StatefulRedisConnection<String, String> connection = disconnected(proxy, DisconnectedBehavior.ACCEPT_COMMANDS);
			long mark = SendTrackerMarks.mark(this.tracker);
			RedisFuture<Long> queued = connection.async().incr("send-tracking:queued");
			assertThat(queued.isDone()).as("buffered until the connection is back").isFalse();
			assertThat(SendTrackerMarks.sentNothingSince(this.tracker, mark)).isFalse();
			proxy.pass();
			assertThat(queued.get(10, TimeUnit.SECONDS)).as("and sent after reconnecting").isPositive();
		}
	}

	@Test
	void commandChainedToAConnectionStillOpeningShouldStartOnAnIoThreadAndTurnTrackingOff() throws Exception {
		this.client = client(PrivateRedis.shared().uri(), DisconnectedBehavior.REJECT_COMMANDS);
		long mark = SendTrackerMarks.mark(this.tracker);
		Thread[] starter = new Thread[1];
		this.client.addListener(new io.lettuce.core.event.command.CommandListener() {
			@Override
			public void commandStarted(CommandStartedEvent event) {
				starter[0] = Thread.currentThread();
			}
		});
		Long value = this.client.connectAsync(StringCodec.UTF8, RedisURI.create(PrivateRedis.shared().uri()))
			.thenCompose((connection) -> connection.async().incr("send-tracking:chained"))
			.get(10, TimeUnit.SECONDS);
		assertThat(value).isPositive();
		assertThat(starter[0]).isInstanceOf(FastThreadLocalThread.class).isNotSameAs(Thread.currentThread());
		assertThat(this.tracker.isTracked()).as("not counted on this thread, so tracking is off").isFalse();
		assertThat(SendTrackerMarks.sentNothingSince(this.tracker, mark)).as("may have sent").isFalse();
	}

	private StatefulRedisConnection<String, String> connect(String uri, DisconnectedBehavior behavior) {
		this.client = client(uri, behavior);
		return this.client.connect();
	}

	private RedisClient client(String uri, DisconnectedBehavior behavior) {
		RedisClient redis = RedisClient.create(uri);
		redis.setOptions(ClientOptions.builder().disconnectedBehavior(behavior).build());
		redis.addListener(this.listener);
		return redis;
	}

	/**
	 * A connection through the proxy, opened, then cut: the proxy resets it and refuses to open another.
	 */
	private StatefulRedisConnection<String, String> disconnected(FaultProxy proxy, DisconnectedBehavior behavior)
			throws InterruptedException {
		StatefulRedisConnection<String, String> connection = connect("redis://127.0.0.1:" + proxy.port(), behavior);
		connection.sync().ping();
		proxy.refuseNewConnections();
		proxy.resetLiveConnections();
		await(() -> !connection.isOpen());
		return connection;
	}

	private static void onIoThread(Runnable action) throws InterruptedException {
		Thread thread = new FastThreadLocalThread(action);
		thread.start();
		thread.join(5000);
	}

	@SuppressWarnings("unchecked")
	private static CommandStartedEvent started(CommandType type) {
		RedisCommand<?, ?, ?> command = new Command<>(type, null);
		return new CommandStartedEvent((RedisCommand<Object, Object, Object>) command, System.currentTimeMillis());
	}

	private static void await(BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
		while (!condition.getAsBoolean()) {
			assertThat(System.nanoTime()).as("condition met within 10s").isLessThan(deadline);
			Thread.sleep(5);
		}
	}

}
