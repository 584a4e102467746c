package io.github.resilientdb.redis.durability;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import io.github.resilientdb.test.server.PrivateRedis;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;

/**
 * A direct Lettuce connection to one private Redis server, beside the application's: reads what reached the server
 * ({@code INFO commandstats}), its replication state and its data.
 */
final class ServerProbe implements AutoCloseable {

	private static final Duration WAIT = Duration.ofSeconds(15);

	private final RedisClient client;

	private final StatefulRedisConnection<String, String> connection;

	private ServerProbe(RedisClient client) {
		this.client = client;
		this.connection = client.connect();
	}

	static ServerProbe on(PrivateRedis redis) {
		return new ServerProbe(RedisClient.create(redis.uri()));
	}

	RedisCommands<String, String> commands() {
		return this.connection.sync();
	}

	/**
	 * A new connection of its own to the same server.
	 * @return the connection, to close
	 */
	StatefulRedisConnection<String, String> connect() {
		return this.client.connect();
	}

	long received(String command) {
		Matcher matcher = Pattern.compile("cmdstat_" + command + ":calls=(\\d+),.*?rejected_calls=(\\d+)")
			.matcher(commands().info("commandstats"));
		return matcher.find() ? Long.parseLong(matcher.group(1)) + Long.parseLong(matcher.group(2)) : 0;
	}

	void resetStats() {
		commands().configResetstat();
	}

	/**
	 * Waits until this primary has the given number of replicas online.
	 * @param replicas the number of replicas
	 */
	void awaitOnlineReplicas(int replicas) throws InterruptedException {
		await(replicas + " online replicas", () -> onlineReplicas() == replicas);
	}

	int onlineReplicas() {
		return (int) commands().info("replication").lines().filter((line) -> line.matches("slave\\d+:.*state=online.*"))
			.count();
	}

	void await(String what, BooleanSupplier condition) throws InterruptedException {
		long deadline = System.nanoTime() + WAIT.toNanos();
		while (!condition.getAsBoolean()) {
			if (System.nanoTime() > deadline) {
				throw new AssertionError("Not " + what + " within " + WAIT.toSeconds() + "s: "
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
