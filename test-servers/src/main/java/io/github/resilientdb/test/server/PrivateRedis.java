package io.github.resilientdb.test.server;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A throw-away Redis server for integration tests, listening on a free port of 127.0.0.1 only,
 * without persistence ({@code save ""}, {@code appendonly no}). Optionally password-protected
 * ({@code requirepass}) and optionally a read-only replica of another private instance.
 *
 * <pre>{@code
 * try (PrivateRedis primary = PrivateRedis.builder().requirePass("secret").start();
 *      PrivateRedis replica = PrivateRedis.builder().replicaOf(primary).start()) {
 *     ...
 * }
 * }</pre>
 *
 * <p>Use {@link #shared()} for a plain instance unless a test must stop, reconfigure or fill up the
 * server.
 */
public final class PrivateRedis extends PrivateServer {

	/** Overrides the {@code redis-server} executable. */
	static final String SERVER_PROPERTY = "resilientdb.test-kit.redis-server";

	private static final Duration TIMEOUT = Duration.ofSeconds(30);

	private static final SharedInstance<PrivateRedis> SHARED = new SharedInstance<>("private-redis",
			() -> new Builder(true).start(), PrivateRedis::stop);

	private final String password;

	private final PrivateRedis primary;

	private PrivateRedis(ScratchDirectory directory, ServerProcess server, Builder builder) {
		super(directory, server, builder.shared);
		this.password = builder.password;
		this.primary = builder.primary;
	}

	/** Starts a new plain server (no password, not a replica) that the caller must {@link #close()}. */
	public static PrivateRedis start() {
		return builder().start();
	}

	/** Starts describing a server with a password or as a replica. */
	public static Builder builder() {
		return new Builder(false);
	}

	/**
	 * A plain server shared by all tests of this JVM, started on first use and stopped when the JVM
	 * exits. Its {@link #close()} does nothing; never break or reconfigure it.
	 */
	public static PrivateRedis shared() {
		return SHARED.get();
	}

	/** {@code redis://127.0.0.1:PORT}, without the password. */
	public String uri() {
		return "redis://127.0.0.1:" + port();
	}

	/** The {@code requirepass} password, if any. */
	public Optional<String> password() {
		return Optional.ofNullable(this.password);
	}

	/** The primary this server replicates, if it is a replica; closing the replica leaves it running. */
	public Optional<PrivateRedis> primary() {
		return Optional.ofNullable(this.primary);
	}

	private static String executable() {
		return executable(SERVER_PROPERTY, "redis-server", "/usr/bin", "/usr/local/bin", "/opt/homebrew/bin");
	}

	@Override
	public String toString() {
		return "PrivateRedis[" + uri() + (this.primary != null ? ", replica of " + this.primary.uri() : "") + ", "
				+ this.server + "]";
	}

	/** Describes a {@link PrivateRedis} to start. */
	public static final class Builder {

		private final boolean shared;

		private String password;

		private PrivateRedis primary;

		private Builder(boolean shared) {
			this.shared = shared;
		}

		/** Clients must {@code AUTH} with this password ({@code requirepass}). */
		public Builder requirePass(String password) {
			this.password = Objects.requireNonNull(password, "password");
			return this;
		}

		/**
		 * Starts as a read-only replica of {@code primary} ({@code replicaof}, with {@code masterauth}
		 * set to the primary's password if it has one). The first full sync starts at once
		 * ({@code repl-diskless-sync-delay 0} on every instance); {@link #start()} does not wait for
		 * it.
		 */
		public Builder replicaOf(PrivateRedis primary) {
			this.primary = Objects.requireNonNull(primary, "primary");
			return this;
		}

		/** Starts the server and waits until its port accepts connections. */
		public PrivateRedis start() {
			ScratchDirectory directory = ScratchDirectory.create("resilientdb-redis-");
			try {
				ServerProcess server = ServerProcess.startListening("redis-server", this::command, directory.path(),
						directory.resolve("redis.log"), TIMEOUT);
				return new PrivateRedis(directory, server, this);
			}
			catch (RuntimeException ex) {
				directory.close();
				throw ex;
			}
		}

		private List<String> command(int port) {
			List<String> command = new ArrayList<>(List.of(executable(), "--port", Integer.toString(port), "--bind",
					"127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no", "--logfile", "",
					"--repl-diskless-sync-delay", "0"));
			if (this.password != null) {
				command.addAll(List.of("--requirepass", this.password));
			}
			if (this.primary != null) {
				command.addAll(List.of("--replicaof", "127.0.0.1", Integer.toString(this.primary.port()),
						"--replica-read-only", "yes"));
				this.primary.password().ifPresent((primaryPassword) -> command.addAll(List.of("--masterauth",
						primaryPassword)));
			}
			return command;
		}

	}

}
