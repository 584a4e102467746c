package io.github.resilientdb.mongo;

import io.github.resilientdb.test.server.MongoTestServer;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A {@link MongoTestServer} of its own for the tests of one class: started before the first test, stopped after the
 * last. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final MongoTestServerExtension server = new MongoTestServerExtension();
 * }</pre>
 */
public final class MongoTestServerExtension implements BeforeAllCallback, AfterAllCallback {

	private @Nullable MongoTestServer server;

	@Override
	public void beforeAll(ExtensionContext context) {
		this.server = MongoTestServer.start();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		server().close();
	}

	/** The port the server listens on, on 127.0.0.1. */
	public int port() {
		return server().port();
	}

	/** {@code mongodb://127.0.0.1:PORT/test}, as {@link MongoTestServer#connectionString()}. */
	public String connectionString() {
		return server().connectionString();
	}

	private MongoTestServer server() {
		if (this.server == null) {
			throw new IllegalStateException("Register MongoTestServerExtension on a static field");
		}
		return this.server;
	}

}
