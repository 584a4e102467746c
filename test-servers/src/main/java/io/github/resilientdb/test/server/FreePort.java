package io.github.resilientdb.test.server;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.UnknownHostException;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Finds TCP ports on 127.0.0.1 that nothing is listening on, for the private servers and proxies
 * of the test kit.
 *
 * <p>Ports are drawn at random from {@value #LOWEST}..{@value #HIGHEST}, which lies below Linux's
 * default ephemeral range (32768-60999), so the kernel does not hand the same port to an outgoing
 * connection between the moment we check it and the moment a server binds it. A port is never
 * handed out twice in the same JVM.
 */
public final class FreePort {

	static final int LOWEST = 20000;

	static final int HIGHEST = 32000;

	private static final Set<Integer> HANDED_OUT = ConcurrentHashMap.newKeySet();

	private FreePort() {
	}

	/** The IPv4 loopback address, 127.0.0.1, without any name lookup. */
	public static InetAddress loopback() {
		try {
			return InetAddress.getByAddress("127.0.0.1", new byte[] {127, 0, 0, 1});
		}
		catch (UnknownHostException ex) {
			throw new IllegalStateException(ex);
		}
	}

	/**
	 * Returns a port on 127.0.0.1 that could be bound just now and that this JVM has not handed out
	 * before.
	 */
	public static int find() {
		for (int attempt = 0; attempt < 500; attempt++) {
			int port = ThreadLocalRandom.current().nextInt(LOWEST, HIGHEST);
			if (!HANDED_OUT.contains(port) && isFree(port) && HANDED_OUT.add(port)) {
				return port;
			}
		}
		// Extremely unlikely: fall back on a kernel-chosen ephemeral port.
		try (ServerSocket socket = new ServerSocket(0, 1, loopback())) {
			int port = socket.getLocalPort();
			HANDED_OUT.add(port);
			return port;
		}
		catch (IOException ex) {
			throw new UncheckedIOException("No free TCP port on 127.0.0.1", ex);
		}
	}

	/** Whether a listening socket could be bound to 127.0.0.1:{@code port} right now. */
	public static boolean isFree(int port) {
		try (ServerSocket socket = new ServerSocket()) {
			socket.setReuseAddress(false);
			socket.bind(new InetSocketAddress(loopback(), port), 1);
			return true;
		}
		catch (IOException ex) {
			return false;
		}
	}

}
