package io.github.resilientdb.test.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * A throw-away MariaDB server for integration tests: its own data directory in a temporary
 * directory, listening on a free port of 127.0.0.1 only, with a database {@code test} and user
 * {@code root} whose password is empty. Grants are enforced, so a wrong password is refused.
 *
 * <p>{@code innodb_lock_wait_timeout} is 2 seconds so that lock-wait-timeout tests are quick; the
 * buffer pool and redo log are small and commits are not flushed, for speed. No option file
 * ({@code /etc/mysql/...}) is read. When the JVM runs as root the server runs as root too
 * ({@code --user=root}).
 *
 * <p>Use {@link #shared()} unless a test must stop or break the server itself.
 */
public final class PrivateMariaDb extends PrivateServer implements JdbcServer {

	/** Overrides the {@code mariadbd} executable. */
	static final String SERVER_PROPERTY = "resilientdb.test-kit.mariadbd";

	/** Overrides the {@code mariadb-install-db} executable. */
	static final String INSTALL_PROPERTY = "resilientdb.test-kit.mariadb-install-db";

	private static final String DATABASE = "test";

	private static final Duration TIMEOUT = Duration.ofSeconds(60);

	/** Options for both the bootstrap run and the server. */
	private static final List<String> TUNING = List.of("--innodb-buffer-pool-size=16M",
			"--innodb-log-file-size=8M", "--innodb-flush-log-at-trx-commit=0", "--innodb-doublewrite=0",
			"--character-set-server=utf8mb4", "--collation-server=utf8mb4_general_ci");

	private static final SharedInstance<PrivateMariaDb> SHARED = new SharedInstance<>("private-mariadb",
			() -> launch(true), PrivateMariaDb::stop);

	private PrivateMariaDb(ScratchDirectory directory, ServerProcess server, boolean shared) {
		super(directory, server, shared);
	}

	/** Starts a new server that the caller must {@link #close()}. Takes one or two seconds. */
	public static PrivateMariaDb start() {
		return launch(false);
	}

	/**
	 * The server shared by all tests of this JVM, started on first use and stopped when the JVM
	 * exits. Its {@link #close()} does nothing; never break it (use {@code FaultProxy} in front of
	 * it instead).
	 */
	public static PrivateMariaDb shared() {
		return SHARED.get();
	}

	private static PrivateMariaDb launch(boolean shared) {
		ScratchDirectory directory = ScratchDirectory.create("resilientdb-mariadb-");
		try {
			Path log = directory.resolve("mariadb.log");
			Path data = directory.resolve("data");
			Path initSql = directory.resolve("init.sql");
			// Bootstrap runs with grant tables off, so it can create a database but no users; the
			// 'normal' root method already gives root@localhost, root@127.0.0.1 and root@::1 with an
			// empty password.
			Files.writeString(initSql, "CREATE DATABASE IF NOT EXISTS " + DATABASE + ";\n", StandardCharsets.UTF_8);
			List<String> install = new ArrayList<>(List.of(executable(INSTALL_PROPERTY, "mariadb-install-db"),
					"--no-defaults", "--datadir=" + data, "--auth-root-authentication-method=normal",
					"--skip-test-db", "--extra-file=" + initSql));
			install.addAll(userOption());
			install.addAll(TUNING);
			ServerProcess.run("mariadb-install-db", install, directory.path(), log, TIMEOUT);
			ServerProcess server = ServerProcess.startListening("mariadbd", (port) -> {
				List<String> command = new ArrayList<>(List.of(executable(SERVER_PROPERTY, "mariadbd"),
						"--no-defaults", "--datadir=" + data, "--port=" + port, "--bind-address=127.0.0.1",
						"--socket=" + directory.resolve("mysqld.sock"),
						"--pid-file=" + directory.resolve("mysqld.pid"), "--tmpdir=" + directory.path(),
						"--skip-name-resolve", "--skip-log-bin", "--innodb-lock-wait-timeout=2",
						"--max-connections=100"));
				command.addAll(userOption());
				command.addAll(TUNING);
				return command;
			}, directory.path(), log, TIMEOUT);
			return new PrivateMariaDb(directory, server, shared);
		}
		catch (IOException ex) {
			directory.close();
			throw new UncheckedIOException(ex);
		}
		catch (RuntimeException ex) {
			directory.close();
			throw ex;
		}
	}

	/** {@code jdbc:mariadb://127.0.0.1:PORT/test}. */
	@Override
	public String jdbcUrl() {
		return "jdbc:mariadb://127.0.0.1:" + port() + "/" + DATABASE;
	}

	/** {@code root}. */
	@Override
	public String user() {
		return "root";
	}

	/** The empty string: root's password. Any other password is refused. */
	@Override
	public String password() {
		return "";
	}

	private static List<String> userOption() {
		// mariadbd refuses to run as root unless told so explicitly.
		return ServerProcess.runningAsRoot() ? List.of("--user=root") : List.of();
	}

	private static String executable(String property, String name) {
		return executable(property, name, "/usr/sbin", "/usr/bin", "/usr/local/bin", "/usr/local/sbin");
	}

	@Override
	public String toString() {
		return "PrivateMariaDb[" + jdbcUrl() + ", " + this.server + "]";
	}

}
