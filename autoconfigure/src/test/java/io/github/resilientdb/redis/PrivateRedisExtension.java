package io.github.resilientdb.redis;

import io.github.resilientdb.test.server.PrivateRedis;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * A private Redis server for the tests of one class, with a {@link RedisProbe} on it: started before the first test,
 * emptied (data and command statistics) before each, stopped after the last. Register it on a static field:
 *
 * <pre>{@code
 * @RegisterExtension
 * static final PrivateRedisExtension redis = new PrivateRedisExtension();
 * }</pre>
 *
 * A private server rather than {@link PrivateRedis#shared()}: these tests kill clients and reconfigure the server.
 */
public final class PrivateRedisExtension implements BeforeAllCallback, BeforeEachCallback, AfterAllCallback {

	private @Nullable PrivateRedis server;

	private @Nullable RedisProbe probe;

	@Override
	public void beforeAll(ExtensionContext context) {
		this.server = PrivateRedis.start();
		this.probe = RedisProbe.on(this.server);
	}

	@Override
	public void beforeEach(ExtensionContext context) {
		probe().reset();
	}

	@Override
	public void afterAll(ExtensionContext context) {
		try {
			probe().close();
		}
		finally {
			server().close();
		}
	}

	/** The port of the server, on 127.0.0.1. */
	public int port() {
		return server().port();
	}

	/** {@code redis://127.0.0.1:PORT}. */
	public String uri() {
		return server().uri();
	}

	/** The direct connection that prepares data and counts what reached the server. */
	public RedisProbe probe() {
		if (this.probe == null) {
			throw new IllegalStateException("Register PrivateRedisExtension on a static field");
		}
		return this.probe;
	}

	private PrivateRedis server() {
		if (this.server == null) {
			throw new IllegalStateException("Register PrivateRedisExtension on a static field");
		}
		return this.server;
	}

}
