package io.github.resilientdb.mongo.integration;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.MongoTestServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link MongoTestServer} of its own for each test, a {@link FaultProxy} in front of it for the application, and a
 * direct client beside it that prepares and reads data whatever the proxy does. Register it on an instance field:
 *
 * <pre>{@code
 * @RegisterExtension
 * final ProxiedMongoServer mongo = new ProxiedMongoServer();
 * }</pre>
 */
final class ProxiedMongoServer implements BeforeEachCallback, AfterEachCallback {

	private @Nullable MongoTestServer server;

	private @Nullable FaultProxy proxy;

	private @Nullable MongoClient direct;

	@Override
	public void beforeEach(ExtensionContext context) {
		this.server = MongoTestServer.start();
		this.proxy = FaultProxy.to("127.0.0.1", this.server.port());
		this.direct = MongoClients.create(this.server.connectionString());
	}

	@Override
	public void afterEach(ExtensionContext context) {
		try (MongoTestServer server = this.server; FaultProxy proxy = this.proxy; MongoClient direct = this.direct) {
			this.server = null;
			this.proxy = null;
			this.direct = null;
		}
	}

	/** {@code mongodb://127.0.0.1:PORT/test}, the server without the proxy. */
	String connectionString() {
		return started(this.server).connectionString();
	}

	/** The proxy in front of the server. */
	FaultProxy proxy() {
		return started(this.proxy);
	}

	/** A client connected to the server directly. */
	MongoClient direct() {
		return started(this.direct);
	}

	private static <T> T started(@Nullable T resource) {
		if (resource == null) {
			throw new IllegalStateException("ProxiedMongoServer is started before each test only");
		}
		return resource;
	}

}
