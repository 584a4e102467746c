package io.github.resilientdb.sample;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A private Prometheus server for one test: the installed {@code prometheus} binary on a free port of 127.0.0.1,
 * with its configuration, rule files, storage and log in a scratch directory, killed on {@link #close()}. Never
 * touches the machine's own Prometheus.
 */
final class PrometheusServer implements AutoCloseable {

	private static final Duration START_TIMEOUT = Duration.ofSeconds(30);

	private static final int PORT_ATTEMPTS = 3;

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final Process process;

	private final Path log;

	private final URI uri;

	private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

	private PrometheusServer(Process process, Path log, URI uri) {
		this.process = process;
		this.log = log;
		this.uri = uri;
	}

	/**
	 * Starts Prometheus in {@code directory}, which holds its configuration ({@code prometheus.yml}), and waits
	 * until it is ready.
	 * @param directory a scratch directory holding {@code prometheus.yml} and the rule files it names
	 * @return the running server
	 */
	static PrometheusServer start(Path directory) {
		Path binary = PrometheusBinaries.prometheus();
		for (int attempt = 1;; attempt++) {
			int port = freePort();
			Path log = directory.resolve("prometheus-" + attempt + ".log");
			List<String> command = List.of(binary.toString(), "--config.file=" + directory.resolve("prometheus.yml"),
					"--storage.tsdb.path=" + directory.resolve("data-" + attempt),
					"--web.listen-address=127.0.0.1:" + port, "--log.level=info");
			Process process;
			try {
				process = new ProcessBuilder(command).directory(directory.toFile())
					.redirectErrorStream(true)
					.redirectOutput(log.toFile())
					.start();
				process.getOutputStream().close();
			}
			catch (IOException ex) {
				throw new UncheckedIOException("Could not start " + command, ex);
			}
			PrometheusServer server = new PrometheusServer(process, log, URI.create("http://127.0.0.1:" + port));
			try {
				return server.awaitReady();
			}
			catch (RuntimeException ex) {
				server.close();
				if (attempt < PORT_ATTEMPTS && server.logTail().contains("address already in use")) {
					continue;
				}
				throw ex;
			}
		}
	}

	URI uri() {
		return this.uri;
	}

	/**
	 * Calls an endpoint of the HTTP API and checks that it answered {@code "status": "success"}.
	 * @param pathAndQuery for example {@code /api/v1/targets}
	 * @return the {@code data} member of the answer
	 */
	JsonNode api(String pathAndQuery) {
		JsonNode answer = get(pathAndQuery);
		if (!"success".equals(answer.path("status").asString(""))) {
			throw new AssertionError("Prometheus answered " + pathAndQuery + " with " + answer);
		}
		return answer.path("data");
	}

	/**
	 * Calls an endpoint of the HTTP API.
	 * @param pathAndQuery for example {@code /api/v1/query?query=up}
	 * @return the whole answer, whatever its status
	 */
	JsonNode get(String pathAndQuery) {
		HttpRequest request = HttpRequest.newBuilder(this.uri.resolve(pathAndQuery))
			.timeout(Duration.ofSeconds(10))
			.build();
		try {
			return JSON.readTree(this.http.send(request, HttpResponse.BodyHandlers.ofString()).body());
		}
		catch (IOException ex) {
			throw new UncheckedIOException("Prometheus did not answer " + pathAndQuery + "; end of its log:\n"
					+ logTail(), ex);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
			throw new IllegalStateException("Interrupted", ex);
		}
	}

	/**
	 * Evaluates an instant query.
	 * @param promql the expression
	 * @return the answer; its {@code status} is {@code success} or {@code error}
	 */
	JsonNode query(String promql) {
		return get("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8));
	}

	/**
	 * Evaluates an instant query that must succeed.
	 * @param promql the expression
	 * @return the result vector
	 */
	JsonNode vector(String promql) {
		return api("/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8)).path("result");
	}

	/** The last lines of the server's log. */
	String logTail() {
		try {
			List<String> lines = Files.readAllLines(this.log, StandardCharsets.UTF_8);
			return String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size()));
		}
		catch (IOException ex) {
			return "(log unreadable: " + ex + ")";
		}
	}

	/** Stops the server (SIGTERM, then SIGKILL after 10 seconds) and waits for it to be gone. */
	@Override
	public void close() {
		this.process.destroy();
		try {
			if (!this.process.waitFor(10, TimeUnit.SECONDS)) {
				this.process.destroyForcibly();
				this.process.waitFor(10, TimeUnit.SECONDS);
			}
		}
		catch (InterruptedException ex) {
			this.process.destroyForcibly();
			Thread.currentThread().interrupt();
		}
	}

	@Override
	public String toString() {
		return "Prometheus " + this.uri + " (pid " + this.process.pid() + ", log " + this.log + ")";
	}

	private PrometheusServer awaitReady() {
		long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
		HttpRequest ready = HttpRequest.newBuilder(this.uri.resolve("/-/ready")).timeout(Duration.ofSeconds(1)).build();
		while (true) {
			if (!this.process.isAlive()) {
				throw new IllegalStateException("Prometheus exited with code " + this.process.exitValue()
						+ " before it was ready; end of " + this.log + ":\n" + logTail());
			}
			try {
				if (this.http.send(ready, HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
					return this;
				}
			}
			catch (IOException ex) {
				// Not listening yet.
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
				throw new IllegalStateException("Interrupted", ex);
			}
			if (System.nanoTime() > deadline) {
				throw new IllegalStateException("Prometheus was not ready within " + START_TIMEOUT + "; end of "
						+ this.log + ":\n" + logTail());
			}
			sleep(Duration.ofMillis(100));
		}
	}

	private static int freePort() {
		try (ServerSocket socket = new ServerSocket()) {
			socket.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
			return socket.getLocalPort();
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free port on 127.0.0.1", ex);
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
