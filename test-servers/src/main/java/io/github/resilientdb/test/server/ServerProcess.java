package io.github.resilientdb.test.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;

/**
 * One operating-system process of the test kit (a database server or one of its tools), with its
 * standard output and error appended to a log file, plus the few things the private servers need
 * to do with it: wait for its TCP port, run a tool to completion, kill it.
 *
 * <p>Failures are reported as {@link IllegalStateException}s that quote the end of the log.
 */
final class ServerProcess implements AutoCloseable {

	private static final int LOG_TAIL_LINES = 40;

	private static final int PORT_ATTEMPTS = 3;

	private final String name;

	private final Process process;

	private final Path logFile;

	private volatile int port;

	private ServerProcess(String name, Process process, Path logFile) {
		this.name = name;
		this.process = process;
		this.logFile = logFile;
	}

	/**
	 * Starts a server on a {@link FreePort free port} and waits until that port accepts TCP
	 * connections. Should the port have been taken in the meantime ("Address already in use" in the
	 * log), tries again on another one.
	 * @param commandForPort the command line that makes the server listen on the given port
	 * @return the running server; {@link #port()} tells its port
	 */
	static ServerProcess startListening(String name, IntFunction<List<String>> commandForPort, Path workDirectory,
			Path logFile, Duration timeout) {
		for (int attempt = 1;; attempt++) {
			int port = FreePort.find();
			ServerProcess server = start(name, commandForPort.apply(port), workDirectory, logFile);
			try {
				return server.awaitPort(port, timeout);
			}
			catch (RuntimeException ex) {
				server.close();
				if (attempt < PORT_ATTEMPTS && server.failedBecauseAddressInUse()) {
					continue;
				}
				throw ex;
			}
		}
	}

	/**
	 * Starts {@code command} in {@code workDirectory}, appending its output and errors to
	 * {@code logFile}; does not wait for anything.
	 */
	static ServerProcess start(String name, List<String> command, Path workDirectory, Path logFile) {
		ProcessBuilder builder = new ProcessBuilder(command).directory(workDirectory.toFile())
			.redirectErrorStream(true)
			.redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
		try {
			Process process = builder.start();
			// The child never reads standard input; give it end-of-file rather than a pipe nobody writes.
			process.getOutputStream().close();
			return new ServerProcess(name, process, logFile);
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Could not start " + name + ": " + command, ex);
		}
	}

	/**
	 * Runs {@code command} to completion and returns its exit code; output goes to {@code logFile}.
	 * A command still running after {@code timeout} is killed and reported as a failure.
	 */
	static int exitCodeOf(String name, List<String> command, Path workDirectory, Path logFile, Duration timeout) {
		try (ServerProcess tool = start(name, command, workDirectory, logFile)) {
			if (!tool.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
				throw tool.failure("did not finish within " + timeout);
			}
			return tool.process.exitValue();
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted while running " + name, ex);
		}
	}

	/** Runs {@code command} to completion and fails unless it exits with code 0. */
	static void run(String name, List<String> command, Path workDirectory, Path logFile, Duration timeout) {
		int exitCode = exitCodeOf(name, command, workDirectory, logFile, timeout);
		if (exitCode != 0) {
			throw new IllegalStateException(name + " exited with code " + exitCode + "; end of " + logFile + ":\n"
					+ tail(logFile));
		}
	}

	/**
	 * Waits until 127.0.0.1:{@code port} accepts a TCP connection, failing early if the process
	 * exits first.
	 * @return this process
	 */
	ServerProcess awaitPort(int port, Duration timeout) {
		long deadline = System.nanoTime() + timeout.toNanos();
		while (true) {
			if (!this.process.isAlive()) {
				throw failure("exited with code " + this.process.exitValue() + " before listening on port " + port);
			}
			if (accepts(port)) {
				this.port = port;
				return this;
			}
			if (System.nanoTime() > deadline) {
				throw failure("did not listen on port " + port + " within " + timeout);
			}
			sleep(Duration.ofMillis(25));
		}
	}

	/** Whether 127.0.0.1:{@code port} accepts a TCP connection right now. */
	static boolean accepts(int port) {
		try (Socket socket = new Socket()) {
			socket.connect(new InetSocketAddress(FreePort.loopback(), port), 250);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

	/** The port {@link #awaitPort} saw the process listen on, or 0. */
	int port() {
		return this.port;
	}

	/** Whether the process is still running. */
	boolean isAlive() {
		return this.process.isAlive();
	}

	/** The operating-system process id. */
	long pid() {
		return this.process.pid();
	}

	/** The file the process writes its output and errors to. */
	Path logFile() {
		return this.logFile;
	}

	/** Whether the log says a port was taken, the one start failure worth retrying on another port. */
	boolean failedBecauseAddressInUse() {
		return !this.process.isAlive() && tail(this.logFile).contains("Address already in use");
	}

	/** An exception for this process that quotes the end of its log. */
	IllegalStateException failure(String what) {
		return new IllegalStateException(
				this.name + " (pid " + this.process.pid() + ") " + what + "; end of " + this.logFile + ":\n"
						+ tail(this.logFile));
	}

	/** Kills the process (SIGKILL) unless it has already ended, and waits for it to be gone. */
	@Override
	public void close() {
		if (this.process.isAlive()) {
			this.process.destroyForcibly();
		}
		try {
			this.process.waitFor(10, TimeUnit.SECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	/** Waits up to {@code timeout} for the process to end by itself. */
	boolean awaitExit(Duration timeout) {
		try {
			return this.process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			return false;
		}
	}

	@Override
	public String toString() {
		return this.name + " (pid " + this.process.pid() + ", log " + this.logFile + ")";
	}

	/** The last lines of a log file, or a note saying why there are none. */
	static String tail(Path logFile) {
		try {
			List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - LOG_TAIL_LINES), lines.size()));
		}
		catch (IOException | UncheckedIOException ex) {
			return "(log unreadable: " + ex + ")";
		}
	}

	/**
	 * Prefixes {@code command} so it runs as {@code osUser} when this JVM runs as root, for servers
	 * that refuse to run as root; leaves it alone otherwise. Uses {@code setpriv}, which execs the
	 * command in place, so the process we hold is the server itself (unlike {@code su} or
	 * {@code runuser}, which stay in between).
	 */
	static List<String> asUserIfRoot(String osUser, List<String> command) {
		if (!runningAsRoot()) {
			return command;
		}
		List<String> wrapped = new ArrayList<>(List.of("setpriv", "--reuid=" + osUser, "--regid=" + osUser,
				"--init-groups", "--"));
		wrapped.addAll(command);
		return wrapped;
	}

	/** Whether this JVM runs with user id 0. */
	static boolean runningAsRoot() {
		try {
			return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
		}
		catch (IOException | UnsupportedOperationException | IllegalArgumentException ex) {
			return "root".equals(System.getProperty("user.name"));
		}
	}

	static void sleep(Duration duration) {
		try {
			Thread.sleep(duration.toMillis());
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

}
