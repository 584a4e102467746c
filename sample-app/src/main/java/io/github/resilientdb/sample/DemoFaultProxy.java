package io.github.resilientdb.sample;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

/**
 * A TCP proxy on 127.0.0.1 in front of one datastore, for the demonstration only: while it is cut, every open
 * connection is dropped and new ones are refused, as when a database server goes away; once restored, it listens on
 * the same port again and connections pass. It never runs outside the sample.
 */
final class DemoFaultProxy implements AutoCloseable {

	private static final Log logger = LogFactory.getLog(DemoFaultProxy.class);

	private final String name;

	private final InetSocketAddress target;

	private final int port;

	private volatile ServerSocket server;

	private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

	private volatile boolean cut;

	private volatile boolean closed;

	DemoFaultProxy(String name, String targetHost, int targetPort) throws IOException {
		this.name = name;
		this.target = new InetSocketAddress(targetHost, targetPort);
		this.server = listen(0);
		this.port = this.server.getLocalPort();
	}

	String name() {
		return this.name;
	}

	int port() {
		return this.port;
	}

	boolean isCut() {
		return this.cut;
	}

	/**
	 * Drops every connection and stops listening, so that new connections are refused, until {@link #restore()}.
	 */
	synchronized void cut() {
		if (this.cut) {
			return;
		}
		this.cut = true;
		closeQuietly(this.server);
		this.sockets.forEach(DemoFaultProxy::closeQuietly);
		this.sockets.clear();
		logger.warn("Demo switch: " + this.name + " cut");
	}

	/**
	 * Listens again on the same port and lets connections pass.
	 * @throws IOException if the port cannot be listened on again
	 */
	synchronized void restore() throws IOException {
		if (!this.cut) {
			return;
		}
		this.server = listen(this.port);
		this.cut = false;
		logger.warn("Demo switch: " + this.name + " restored");
	}

	@Override
	public void close() {
		this.closed = true;
		closeQuietly(this.server);
		this.sockets.forEach(DemoFaultProxy::closeQuietly);
	}

	private ServerSocket listen(int port) throws IOException {
		ServerSocket server = new ServerSocket();
		server.setReuseAddress(true);
		server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 50);
		Thread acceptor = new Thread(() -> accept(server), "demo-proxy-" + this.name);
		acceptor.setDaemon(true);
		acceptor.start();
		return server;
	}

	private void accept(ServerSocket server) {
		while (!this.closed && !server.isClosed()) {
			try {
				connect(server.accept());
			}
			catch (IOException ex) {
				// Closed by cut() or close().
			}
		}
	}

	private void connect(Socket client) {
		try {
			Socket upstream = new Socket();
			upstream.connect(this.target, 2000);
			this.sockets.add(client);
			this.sockets.add(upstream);
			pump(client, upstream);
			pump(upstream, client);
		}
		catch (IOException ex) {
			closeQuietly(client);
		}
	}

	private void pump(Socket from, Socket to) {
		Thread thread = new Thread(() -> {
			byte[] buffer = new byte[16 * 1024];
			try (InputStream in = from.getInputStream(); OutputStream out = to.getOutputStream()) {
				int read;
				while ((read = in.read(buffer)) >= 0) {
					out.write(buffer, 0, read);
					out.flush();
				}
			}
			catch (IOException ex) {
				// The other side closed, or the switch cut the connection.
			}
			finally {
				closeQuietly(from);
				closeQuietly(to);
				this.sockets.remove(from);
				this.sockets.remove(to);
			}
		}, "demo-proxy-" + this.name + "-pump");
		thread.setDaemon(true);
		thread.start();
	}

	private static void closeQuietly(AutoCloseable closeable) {
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Already closed.
		}
	}

}
