package io.github.resilientdb.test.server;

import java.net.InetSocketAddress;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

/**
 * An in-memory MongoDB wire-protocol server (mongo-java-server with its memory backend) that real
 * MongoDB drivers reach over TCP on 127.0.0.1. It runs inside the JVM: no process, no files, and
 * quick enough to start one per test.
 *
 * <p>It speaks enough of the protocol for CRUD and simple aggregations, but it is not MongoDB: no
 * replica sets, transactions or authentication.
 */
public final class MongoTestServer implements AutoCloseable {

	private final MongoServer server;

	private final int port;

	private MongoTestServer(MongoServer server, int port) {
		this.server = server;
		this.port = port;
	}

	/** Starts a server on a port of 127.0.0.1 chosen by the kernel. */
	public static MongoTestServer start() {
		MongoServer server = new MongoServer(new MemoryBackend());
		try {
			server.bind(new InetSocketAddress(FreePort.loopback(), 0));
			return new MongoTestServer(server, server.getLocalAddress().getPort());
		}
		catch (RuntimeException ex) {
			server.shutdownNow();
			throw ex;
		}
	}

	/** The port it listens on, on 127.0.0.1. */
	public int port() {
		return this.port;
	}

	/** {@code mongodb://127.0.0.1:PORT/test}. */
	public String connectionString() {
		return "mongodb://127.0.0.1:" + this.port + "/test";
	}

	/** Stops listening, drops every connection and forgets all data. */
	@Override
	public void close() {
		this.server.shutdownNow();
	}

	@Override
	public String toString() {
		return "MongoTestServer[" + connectionString() + "]";
	}

}
