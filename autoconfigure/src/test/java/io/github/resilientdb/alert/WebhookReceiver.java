package io.github.resilientdb.alert;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

/**
 * A webhook on a free port of 127.0.0.1 that records what it receives and answers with the statuses it is given
 * ({@code 200} once they are used up), optionally after a delay.
 */
final class WebhookReceiver implements AutoCloseable {

	private static final JsonMapper json = JsonMapper.builder().build();

	private final HttpServer server;

	private final List<Request> requests = new CopyOnWriteArrayList<>();

	private final Queue<Integer> statuses = new ConcurrentLinkedQueue<>();

	private volatile Duration delay = Duration.ZERO;

	private WebhookReceiver(HttpServer server) {
		this.server = server;
	}

	static WebhookReceiver start() throws IOException {
		HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
		WebhookReceiver receiver = new WebhookReceiver(server);
		server.createContext("/", receiver::handle);
		server.setExecutor(Executors.newFixedThreadPool(2));
		server.start();
		return receiver;
	}

	String url(String path) {
		return "http://127.0.0.1:" + this.server.getAddress().getPort() + path;
	}

	int port() {
		return this.server.getAddress().getPort();
	}

	void answer(Integer... statuses) {
		this.statuses.addAll(List.of(statuses));
	}

	void delay(Duration delay) {
		this.delay = delay;
	}

	List<Request> requests() {
		return new ArrayList<>(this.requests);
	}

	List<Map<String, Object>> events() {
		return requests().stream().map(Request::event).toList();
	}

	private void handle(HttpExchange exchange) throws IOException {
		try (InputStream body = exchange.getRequestBody()) {
			this.requests.add(new Request(exchange.getRequestMethod(), exchange.getRequestURI().toString(),
					exchange.getRequestHeaders().getFirst("Content-Type"),
					exchange.getRequestHeaders().getFirst("Authorization"),
					new String(body.readAllBytes(), StandardCharsets.UTF_8)));
			Thread.sleep(this.delay.toMillis());
			Integer status = this.statuses.poll();
			exchange.sendResponseHeaders((status != null) ? status : 200, -1);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
		finally {
			exchange.close();
		}
	}

	@Override
	public void close() {
		this.server.stop(0);
	}

	record Request(String method, String path, String contentType, String authorization, String body) {

		Map<String, Object> event() {
			return json.readValue(this.body, new TypeReference<Map<String, Object>>() {
			});
		}

	}

}
