package io.github.resilientdb.test.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;

import io.github.resilientdb.test.server.FreePort;

/**
 * A TCP server on a kernel-chosen port of 127.0.0.1 that writes back every byte it reads and
 * closes its side when the client closes its own: the simplest server to check that a proxy moves
 * bytes, end-of-stream and resets faithfully.
 */
final class EchoServer implements AutoCloseable {

	private final ServerSocket listener;

	private EchoServer(ServerSocket listener) {
		this.listener = listener;
	}

	/** Starts echoing, one daemon thread per connection. */
	static EchoServer start() throws IOException {
		EchoServer server = new EchoServer(new ServerSocket(0, 50, FreePort.loopback()));
		Thread acceptor = new Thread(server::acceptLoop, "echo-server-" + server.port());
		acceptor.setDaemon(true);
		acceptor.start();
		return server;
	}

	/** The port it listens on, on 127.0.0.1. */
	int port() {
		return this.listener.getLocalPort();
	}

	private void acceptLoop() {
		while (!this.listener.isClosed()) {
			try {
				Socket socket = this.listener.accept();
				Thread echo = new Thread(() -> echo(socket), "echo-" + socket.getPort());
				echo.setDaemon(true);
				echo.start();
			}
			catch (IOException ex) {
				// Closed.
			}
		}
	}

	private static void echo(Socket socket) {
		try (socket; InputStream in = socket.getInputStream(); OutputStream out = socket.getOutputStream()) {
			in.transferTo(out);
		}
		catch (IOException ex) {
			// The client went away.
		}
	}

	@Override
	public void close() throws IOException {
		this.listener.close();
	}

}
