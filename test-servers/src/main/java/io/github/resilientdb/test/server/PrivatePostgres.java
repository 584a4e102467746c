package io.github.resilientdb.test.server;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * A throw-away PostgreSQL server for integration tests: its own data directory in a temporary
 * directory, listening on a free port of 127.0.0.1 only, with a database {@code test} that user
 * {@code postgres} may use with any password (trust authentication).
 *
 * <p>Tuned for speed, not safety: {@code fsync=off}, {@code synchronous_commit=off},
 * {@code full_page_writes=off}. When the JVM runs as root, every PostgreSQL binary is run as the
 * {@code postgres} operating-system user (PostgreSQL refuses to run as root), which then owns the
 * temporary directory.
 *
 * <p>Use {@link #shared()} unless a test must stop or break the server itself.
 */
public final class PrivatePostgres extends PrivateServer implements JdbcServer {

	/** Overrides where the PostgreSQL binaries ({@code initdb}, {@code postgres}, ...) are. */
	static final String BIN_DIRECTORY_PROPERTY = "resilientdb.test-kit.postgres.bin";

	private static final String OS_USER = "postgres";

	private static final String DATABASE = "test";

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	private static final SharedInstance<PrivatePostgres> SHARED = new SharedInstance<>("private-postgres",
			() -> launch(true), PrivatePostgres::stop);

	private final Path binDirectory;

	private PrivatePostgres(ScratchDirectory directory, Path binDirectory, ServerProcess server, boolean shared) {
		super(directory, server, shared);
		this.binDirectory = binDirectory;
	}

	/** Starts a new server that the caller must {@link #close()}. Takes about a second. */
	public static PrivatePostgres start() {
		return launch(false);
	}

	/**
	 * The server shared by all tests of this JVM, started on first use and stopped when the JVM
	 * exits. Its {@link #close()} does nothing; never break it (use {@code FaultProxy} in front of
	 * it instead).
	 */
	public static PrivatePostgres shared() {
		return SHARED.get();
	}

	private static PrivatePostgres launch(boolean shared) {
		Path bin = binDirectory();
		ScratchDirectory directory = ScratchDirectory.create("resilientdb-postgres-");
		try {
			if (ServerProcess.runningAsRoot()) {
				directory.chownTo(OS_USER);
			}
			Path log = directory.resolve("postgres.log");
			Path data = directory.resolve("data");
			ServerProcess.run("initdb", asPostgres(bin.resolve("initdb").toString(), "-D", data.toString(),
					"-U", "postgres", "-A", "trust", "-E", "UTF8", "--no-locale", "--no-sync"),
					directory.path(), log, TIMEOUT);
			ServerProcess server = ServerProcess.startListening("postgres",
					(port) -> asPostgres(bin.resolve("postgres").toString(), "-D", data.toString(),
							"-p", Integer.toString(port),
							"-c", "listen_addresses=127.0.0.1",
							"-c", "unix_socket_directories=" + directory.path(),
							"-c", "max_connections=50",
							"-c", "fsync=off",
							"-c", "synchronous_commit=off",
							"-c", "full_page_writes=off",
							"-c", "lc_messages=C"),
					directory.path(), log, TIMEOUT);
			PrivatePostgres postgres = new PrivatePostgres(directory, bin, server, shared);
			try {
				postgres.awaitReady();
				ServerProcess.run("createdb", postgres.client("createdb", DATABASE), directory.path(), log, TIMEOUT);
			}
			catch (RuntimeException ex) {
				postgres.stop();
				throw ex;
			}
			return postgres;
		}
		catch (RuntimeException ex) {
			directory.close();
			throw ex;
		}
	}

	/** {@code jdbc:postgresql://127.0.0.1:PORT/test}. */
	@Override
	public String jdbcUrl() {
		return "jdbc:postgresql://127.0.0.1:" + port() + "/" + DATABASE;
	}

	/** {@code postgres}, a superuser. */
	@Override
	public String user() {
		return "postgres";
	}

	/** An empty password; with trust authentication any password is accepted. */
	@Override
	public String password() {
		return "";
	}

	/**
	 * Stops the server at once ({@code pg_ctl stop -m immediate}, then SIGKILL if needed) and
	 * deletes its directory.
	 */
	@Override
	void stop() {
		try {
			if (this.server.isAlive()) {
				ServerProcess.exitCodeOf("pg_ctl stop",
						asPostgres(this.binDirectory.resolve("pg_ctl").toString(), "stop", "-D",
								this.directory.resolve("data").toString(), "-m", "immediate", "-w", "-t", "10"),
						this.directory.path(), this.server.logFile(), Duration.ofSeconds(15));
				this.server.awaitExit(Duration.ofSeconds(5));
			}
		}
		catch (RuntimeException ex) {
			// Fall through to the SIGKILL below.
		}
		finally {
			this.server.close();
			this.directory.close();
		}
	}

	private void awaitReady() {
		long deadline = System.nanoTime() + TIMEOUT.toNanos();
		while (ServerProcess.exitCodeOf("pg_isready", client("pg_isready"), this.directory.path(),
				this.directory.resolve("pg_isready.log"), TIMEOUT) != 0) {
			if (!this.server.isAlive() || System.nanoTime() > deadline) {
				throw this.server.failure("did not become ready");
			}
			ServerProcess.sleep(Duration.ofMillis(50));
		}
	}

	private List<String> client(String tool, String... arguments) {
		List<String> command = new ArrayList<>(List.of(this.binDirectory.resolve(tool).toString(), "-h",
				"127.0.0.1", "-p", Integer.toString(port()), "-U", user()));
		command.addAll(List.of(arguments));
		return ServerProcess.asUserIfRoot(OS_USER, command);
	}

	private static List<String> asPostgres(String... command) {
		return ServerProcess.asUserIfRoot(OS_USER, List.of(command));
	}

	/**
	 * The {@value #BIN_DIRECTORY_PROPERTY} system property, else the newest
	 * {@code /usr/lib/postgresql/VERSION/bin} (Debian, Ubuntu), else whatever is on the path.
	 */
	private static Path binDirectory() {
		String configured = System.getProperty(BIN_DIRECTORY_PROPERTY);
		if (configured != null && !configured.isBlank()) {
			return Path.of(configured);
		}
		Path debian = Path.of("/usr/lib/postgresql");
		if (Files.isDirectory(debian)) {
			try (Stream<Path> versions = Files.list(debian)) {
				return versions.map((version) -> version.resolve("bin"))
					.filter((bin) -> Files.isExecutable(bin.resolve("postgres")))
					.max(Comparator.comparingInt(PrivatePostgres::majorVersion))
					.orElse(Path.of(""));
			}
			catch (IOException ex) {
				return Path.of("");
			}
		}
		return Path.of("");
	}

	private static int majorVersion(Path bin) {
		try {
			return Integer.parseInt(bin.getParent().getFileName().toString());
		}
		catch (NumberFormatException ex) {
			return -1;
		}
	}

	@Override
	public String toString() {
		return "PrivatePostgres[" + jdbcUrl() + ", " + this.server + "]";
	}

}
