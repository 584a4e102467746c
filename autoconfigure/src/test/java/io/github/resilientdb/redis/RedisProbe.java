package io.github.resilientdb.redis;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.LongPredicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.resilientdb.test.server.PrivateRedis;
import io.lettuce.core.KillArgs;
import io.lettuce.core.RedisBusyException;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.RedisURI;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A direct Lettuce connection to a private Redis server, beside the application's: prepares data and reads what
 * reached the server ({@code INFO commandstats}) and its replication state, so that tests count attempts on the
 * server's side.
 */
public final class RedisProbe implements AutoCloseable {

	private static final Duration WAIT = Duration.ofSeconds(10);

	private static final Duration REPLICATION_WAIT = Duration.ofSeconds(15);

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	private RedisProbe(RedisClient client) {
		this.client = client;
		this.connection = client.connect();
	}

	public static RedisProbe on(PrivateRedis redis) {
		RedisURI.Builder uri = RedisURI.builder(RedisURI.create(redis.uri()));
		redis.password().ifPresent(uri::withPassword);
		return new RedisProbe(RedisClient.create(uri.build()));
	}

	public RedisCommands<String, String> commands() {
		return this.connection.sync();
	}

	/**
	 * A new connection of its own to the same server.
	 * @return the connection, to close
	 */
	public StatefulRedisConnection<String, String> connect() {
		return this.client.connect();
	}

	/**
	 * Forgets the data and the command statistics.
	 */
	public void reset() {
		commands().flushall();
		commands().configResetstat();
	}

	/**
	 * Forgets the command statistics only ({@code CONFIG RESETSTAT}).
	 */
	public void resetStats() {
		commands().configResetstat();
	}

	/**
	 * How many times a command reached the server since the last {@link #reset()}, executed or rejected.
	 * @param command the command, in lower case
	 * @return the number of calls
	 */
	public long received(String command) {
		String stats = commands().info("commandstats");
		Matcher matcher = Pattern.compile("cmdstat_" + command + ":calls=(\\d+),.*?rejected_calls=(\\d+)")
			.matcher(stats);
		return matcher.find() ? Long.parseLong(matcher.group(1)) + Long.parseLong(matcher.group(2)) : 0;
	}

	/**
	 * Waits until the number of times a command reached the server matches.
	 * @param command the command, in lower case
	 * @param condition the condition on the count
	 * @return the count
	 */
	public long awaitReceived(String command, LongPredicate condition) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		long received = received(command);
		while (!condition.test(received)) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("'" + command + "' reached the server " + received + " times");
			}
			Thread.sleep(2);
			received = received(command);
		}
		return received;
	}

	/**
	 * Waits until the server counts {@code count} blocked clients ({@code INFO clients}).
	 * @param count the number of blocked clients
	 */
	public void awaitBlockedClients(int count) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (!commands().info("clients").contains("blocked_clients:" + count)) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("No " + count + " blocked clients: " + commands().info("clients"));
			}
			Thread.sleep(2);
		}
	}

	/**
	 * Kills every normal client connection but this one ({@code CLIENT KILL TYPE normal}).
	 * @return the number of connections killed
	 */
	public long killNormalClients() {
		return commands().clientKill(KillArgs.Builder.typeNormal());
	}

	/**
	 * Pushes a value and kills every normal client connection in one pipelined write, so that the server handles
	 * both in one go: a client blocked on the list is served (the value is popped) and killed before its reply is
	 * written.
	 * @param key the list
	 * @param value the value to push
	 */
	public void pushThenKillNormalClients(String key, String value) throws Exception {
		try (StatefulRedisConnection<String, String> pipeline = this.client.connect()) {
			pipeline.setAutoFlushCommands(false);
			RedisFuture<Long> push = pipeline.async().rpush(key, value);
			RedisFuture<Long> kill = pipeline.async().clientKill(KillArgs.Builder.typeNormal());
			pipeline.flushCommands();
			push.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			kill.get(WAIT.toMillis(), TimeUnit.MILLISECONDS);
		}
	}

	/**
	 * Runs a Lua script that never ends on a connection of its own, so that the server answers other clients with
	 * {@code BUSY} once {@code busy-reply-threshold} has passed; closing kills the script.
	 * @return kills the script and restores the threshold
	 */
	public AutoCloseable busyScript() throws InterruptedException {
		commands().configSet("busy-reply-threshold", "20");
		StatefulRedisConnection<String, String> scripting = this.client.connect();
		RedisFuture<String> script = scripting.async().eval("while true do end", ScriptOutputType.STATUS);
		awaitBusy();
		return () -> {
			commands().scriptKill();
			try {
				script.await(WAIT.toMillis(), TimeUnit.MILLISECONDS);
			}
			finally {
				scripting.close();
				commands().configSet("busy-reply-threshold", "5000");
			}
		};
	}

	private void awaitBusy() throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (true) {
			try {
				commands().ping();
			}
			catch (RedisBusyException ex) {
				return;
			}
			if (System.nanoTime() > deadline) {
				throw new AssertionError("The script did not make the server busy");
			}
			Thread.sleep(2);
		}
	}

	/**
	 * Waits until this primary has the given number of replicas online.
	 * @param replicas the number of replicas
	 */
	public void awaitOnlineReplicas(int replicas) throws InterruptedException {
		await(replicas + " online replicas", () -> onlineReplicas() == replicas);
	}

	/**
	 * The number of replicas this primary sees online ({@code INFO replication}).
	 * @return the number of replicas
	 */
	public int onlineReplicas() {
		return (int) commands().info("replication").lines().filter((line) -> line.matches("slave\\d+:.*state=online.*"))
			.count();
	}

	/**
	 * Waits until {@code condition} holds, naming the server's replication state if it never does.
	 * @param what what is awaited, for the failure message
	 * @param condition the condition
	 */
	public void await(String what, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + REPLICATION_WAIT.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Not " + what + " within " + REPLICATION_WAIT.toSeconds() + "s: "
						+ commands().info("replication"));
			}
			Thread.sleep(10);
		}
	}

	@Override
	public void close() {
		this.connection.close();
		this.client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
	}

}
