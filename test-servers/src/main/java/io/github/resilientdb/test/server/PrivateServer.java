package io.github.resilientdb.test.server;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * What every private server process has in common: a scratch directory, the process listening on
 * a free port of 127.0.0.1, and whether it is the instance shared by the JVM (whose
 * {@link #close()} does nothing).
 */
abstract class PrivateServer implements AutoCloseable {

	final ScratchDirectory directory;

	final ServerProcess server;

	private final boolean shared;

	PrivateServer(ScratchDirectory directory, ServerProcess server, boolean shared) {
		this.directory = directory;
		this.server = server;
		this.shared = shared;
	}

	/** The port it listens on, on 127.0.0.1. */
	public int port() {
		return this.server.port();
	}

	/** The temporary directory holding the server's files and log. */
	Path directory() {
		return this.directory.path();
	}

	/** The server's log file (standard output and error), handy when a test fails. */
	public Path logFile() {
		return this.server.logFile();
	}

	/**
	 * Stops the server and deletes its directory. Does nothing on the instance shared by the JVM.
	 */
	@Override
	public void close() {
		if (!this.shared) {
			stop();
		}
	}

	/** Kills the server (SIGKILL) and deletes its directory; also what stops the shared instance. */
	void stop() {
		this.server.close();
		this.directory.close();
	}

	/**
	 * The system property {@code property}, else {@code name} in the first of {@code directories}
	 * that has it as an executable, else {@code name} (found on the path).
	 */
	static String executable(String property, String name, String... directories) {
		String configured = System.getProperty(property);
		if (configured != null && !configured.isBlank()) {
			return configured;
		}
		for (String directory : directories) {
			Path candidate = Path.of(directory, name);
			if (Files.isExecutable(candidate)) {
				return candidate.toString();
			}
		}
		return name;
	}

}
