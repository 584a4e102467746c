package io.github.resilientdb.test.proxy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;

import io.github.resilientdb.test.server.FreePort;

/**
 * A TCP proxy that sits between a client and a server and injects network faults on demand, so a
 * test can break a real connection to a real database in the ways production networks do.
 *
 * <pre>{@code
 * try (FaultProxy proxy = FaultProxy.to("127.0.0.1", 5432)) {
 *     String url = "jdbc:postgresql://127.0.0.1:" + proxy.port() + "/test";
 *     ...
 *     proxy.blackhole();            // the next query hangs until the client's socket timeout
 *     proxy.resetLiveConnections(); // and now every open connection gets a TCP RST
 *     proxy.refuseNewConnections(); // new connects fail with "Connection refused"
 *     proxy.dropReplies(1, FaultProxy.requestsContaining("COMMIT")); // the next COMMIT is applied, its reply lost
 *     proxy.pass();                 // healthy again, on the same port
 * }
 * }</pre>
 *
 * <p>It is in exactly one mode at a time, switchable from any thread at any moment:
 * <ul>
 * <li>{@link #pass()} (the initial mode): forwards bytes both ways at once.</li>
 * <li>{@link #refuseNewConnections()}: closes the listening socket, so new connects get
 * {@code ECONNREFUSED}; connections already open keep forwarding. Any other mode listens again on
 * the same port.</li>
 * <li>{@link #blackhole()}: accepts connections and keeps them open, but forwards no byte in either
 * direction; bytes (and end-of-stream) are held back, not dropped, as TCP would across a network
 * partition, and flow again once the mode changes. Clients see read timeouts.</li>
 * <li>{@link #latency(Duration)}: forwards every byte, in each direction, no earlier than the given
 * delay after it arrived, so a request/response round trip takes at least twice the delay longer.
 * Bandwidth is not limited.</li>
 * </ul>
 * {@link #resetLiveConnections()} is not a mode but a one-off action: it aborts every open
 * connection with a TCP RST, on both the client's and the server's side. {@link #dropReplies(int, Predicate)} is
 * armed on top of any mode: the next requests that match are forwarded to the server, and when the server starts
 * answering, the connection is reset instead of the answer being forwarded: the server applied the command, the
 * client never learns it (the "ambiguous outcome" of a write).
 *
 * <p>A connection the proxy cannot open to the server is reset at once. A reset or end-of-stream
 * from one side is passed on to the other. Each connection uses four daemon threads with plain
 * blocking sockets; {@link #close()} stops listening and closes every connection.
 */
public final class FaultProxy implements AutoCloseable {

	private static final int CHUNK_BYTES = 16 * 1024;

	/** Chunks buffered per direction before the proxy stops reading and TCP pushes back. */
	private static final int QUEUED_CHUNKS = 16;

	private static final int CONNECT_TIMEOUT_MILLIS = 5_000;

	private static final int BIND_ATTEMPTS = 5;

	private final InetSocketAddress upstream;

	private final int port;

	private final Set<Link> links = ConcurrentHashMap.newKeySet();

	private final AtomicLong linkIds = new AtomicLong();

	/** Guards the fields below; writers wait on it while black-holed or delayed. */
	private final Object lock = new Object();

	private Mode mode = Mode.PASS;

	private Duration latency = Duration.ZERO;

	/** How many more matching requests get their reply dropped. */
	private final AtomicInteger repliesToDrop = new AtomicInteger();

	private volatile Predicate<byte[]> dropMatcher = (request) -> true;

	private final AtomicLong droppedReplies = new AtomicLong();

	private final AtomicLong resets = new AtomicLong();

	private ServerSocket listener;

	private Thread acceptor;

	/** Written under the lock; read without it by the acceptor. */
	private volatile boolean closed;

	private FaultProxy(InetSocketAddress upstream, int port) {
		this.upstream = upstream;
		this.port = port;
	}

	/**
	 * Starts a proxy to {@code host:port}, listening on a free port of 127.0.0.1, in {@link #pass()}
	 * mode. Nothing is checked about the server until a client connects.
	 */
	public static FaultProxy to(String host, int port) {
		InetSocketAddress upstream = new InetSocketAddress(host, port);
		for (int attempt = 1;; attempt++) {
			int listenPort = FreePort.find();
			FaultProxy proxy = new FaultProxy(upstream, listenPort);
			try {
				synchronized (proxy.lock) {
					proxy.listen();
				}
				return proxy;
			}
			catch (UncheckedIOException ex) {
				if (attempt >= BIND_ATTEMPTS) {
					throw ex;
				}
			}
		}
	}

	/** The port clients connect to, on 127.0.0.1. It never changes. */
	public int port() {
		return this.port;
	}

	/** How many client connections are open through the proxy right now. */
	public int liveConnections() {
		return this.links.size();
	}

	/** Forwards bytes as they come; listens again if connections were being refused. */
	public void pass() {
		switchTo(Mode.PASS, Duration.ZERO);
	}

	/**
	 * Closes the listening socket so that new connections are refused; connections already open
	 * keep forwarding as in {@link #pass()}.
	 */
	public void refuseNewConnections() {
		synchronized (this.lock) {
			requireOpen();
			this.mode = Mode.REFUSE;
			this.latency = Duration.ZERO;
			closeListener();
			this.lock.notifyAll();
		}
	}

	/**
	 * Accepts and keeps connections but forwards nothing, in either direction, until the mode
	 * changes; what arrives meanwhile is held back, then forwarded.
	 */
	public void blackhole() {
		switchTo(Mode.BLACKHOLE, Duration.ZERO);
	}

	/**
	 * Delays every byte, in each direction, by {@code delay}; a round trip thus takes at least
	 * {@code 2 * delay} longer.
	 */
	public void latency(Duration delay) {
		Objects.requireNonNull(delay, "delay");
		if (delay.isNegative()) {
			throw new IllegalArgumentException("Negative latency: " + delay);
		}
		switchTo(Mode.LATENCY, delay);
	}

	/**
	 * Drops the reply to each of the next {@code count} requests (chunks of bytes a client sends) that
	 * {@code matcher} accepts: the request reaches the server, and as soon as the server answers on that connection,
	 * the connection is reset on both sides instead. Works in every mode; replaces any drops still pending.
	 * <p>
	 * For request/response protocols (JDBC drivers) the dropped answer is the one to the matched request, so with
	 * {@code requestsContaining("COMMIT")} the transaction is committed and the client sees a broken connection. On
	 * a connection that pipelines requests (Lettuce shares one connection between threads), an answer to an earlier
	 * request may come first: the matched request may then be applied or not, which is ambiguous for the client
	 * either way.
	 * @param count how many replies to drop, 0 to cancel pending drops
	 * @param matcher which requests count, given the bytes of one read from the client
	 */
	public void dropReplies(int count, Predicate<byte[]> matcher) {
		Objects.requireNonNull(matcher, "matcher");
		if (count < 0) {
			throw new IllegalArgumentException("Negative count of replies to drop: " + count);
		}
		requireOpen();
		this.dropMatcher = matcher;
		this.repliesToDrop.set(count);
	}

	/** Drops the reply to each of the next {@code count} requests, whatever they are. */
	public void dropReplies(int count) {
		dropReplies(count, (request) -> true);
	}

	/** How many replies {@link #dropReplies(int, Predicate)} still has to drop. */
	public int pendingReplyDrops() {
		return this.repliesToDrop.get();
	}

	/** How many replies were dropped since the proxy started. */
	public long droppedReplies() {
		return this.droppedReplies.get();
	}

	/** How many connections were reset (by the proxy or by a peer) since the proxy started. */
	public long resets() {
		return this.resets.get();
	}

	/**
	 * A matcher for {@link #dropReplies(int, Predicate)}: requests whose bytes contain {@code text} in ASCII
	 * (case-sensitive), such as {@code "COMMIT"} for PostgreSQL and MariaDB or {@code "INCR"} for Redis.
	 */
	public static Predicate<byte[]> requestsContaining(String text) {
		byte[] needle = text.getBytes(StandardCharsets.US_ASCII);
		return (request) -> indexOf(request, needle) >= 0;
	}

	private static int indexOf(byte[] haystack, byte[] needle) {
		outer: for (int i = 0; i <= haystack.length - needle.length; i++) {
			for (int j = 0; j < needle.length; j++) {
				if (haystack[i + j] != needle[j]) {
					continue outer;
				}
			}
			return i;
		}
		return -1;
	}

	/** Whether this request takes one of the pending reply drops. */
	private boolean takeReplyDrop(byte[] request) {
		if (this.repliesToDrop.get() <= 0 || !this.dropMatcher.test(request)) {
			return false;
		}
		return this.repliesToDrop.getAndUpdate((left) -> Math.max(0, left - 1)) > 0;
	}

	/** The current mode, in words: {@code pass}, {@code refuse}, {@code blackhole} or {@code latency PT0.2S}. */
	public String mode() {
		synchronized (this.lock) {
			return (this.mode == Mode.LATENCY) ? "latency " + this.latency
					: this.mode.name().toLowerCase(Locale.ROOT);
		}
	}

	/**
	 * Aborts every open connection with a TCP RST ({@code SO_LINGER 0}, then close) to both client
	 * and server. Leaves the mode as it is: new connections are accepted as before.
	 */
	public void resetLiveConnections() {
		for (Link link : this.links) {
			link.reset();
		}
	}

	/**
	 * Silences every open connection for good: each stays open in both directions but forwards nothing, whatever
	 * the mode becomes, like a server that hangs or a half-open connection. New connections are handled as before.
	 */
	public void silenceLiveConnections() {
		for (Link link : this.links) {
			link.silenced.set(true);
		}
	}

	/** Stops listening and closes every connection. The proxy cannot be used afterwards. */
	@Override
	public void close() {
		synchronized (this.lock) {
			if (this.closed) {
				return;
			}
			this.closed = true;
			closeListener();
			this.lock.notifyAll();
		}
		for (Link link : this.links) {
			link.close();
		}
	}

	@Override
	public String toString() {
		synchronized (this.lock) {
			return "FaultProxy[127.0.0.1:" + this.port + " -> " + this.upstream.getHostString() + ":"
					+ this.upstream.getPort() + ", " + (this.closed ? "closed" : this.mode) + ", "
					+ this.links.size() + " live]";
		}
	}

	private void switchTo(Mode newMode, Duration newLatency) {
		synchronized (this.lock) {
			requireOpen();
			if (this.listener == null) {
				listen();
			}
			this.mode = newMode;
			this.latency = newLatency;
			this.lock.notifyAll();
		}
	}

	private void requireOpen() {
		if (this.closed) {
			throw new IllegalStateException("FaultProxy on port " + this.port + " is closed");
		}
	}

	/** Binds {@link #port} and starts accepting. Caller holds the lock. */
	private void listen() {
		ServerSocket socket = null;
		try {
			socket = new ServerSocket();
			socket.setReuseAddress(true);
			socket.bind(new InetSocketAddress(FreePort.loopback(), this.port), 128);
		}
		catch (IOException ex) {
			closeQuietly(socket);
			throw new UncheckedIOException("FaultProxy could not listen on 127.0.0.1:" + this.port, ex);
		}
		this.listener = socket;
		ServerSocket accepting = socket;
		this.acceptor = startThread("accept", () -> acceptLoop(accepting));
	}

	/**
	 * Closes the listening socket and waits for the acceptor to end: a thread blocked in
	 * {@code accept()} keeps the kernel socket listening until it returns, so only then are new
	 * connections really refused (and may the port be bound again). Caller holds the lock.
	 */
	private void closeListener() {
		closeQuietly(this.listener);
		this.listener = null;
		if (this.acceptor != null) {
			try {
				this.acceptor.join(5_000);
			}
			catch (InterruptedException ex) {
				Thread.currentThread().interrupt();
			}
			this.acceptor = null;
		}
	}

	private void acceptLoop(ServerSocket socket) {
		while (!socket.isClosed()) {
			Socket client;
			try {
				client = socket.accept();
			}
			catch (IOException ex) {
				if (!socket.isClosed()) {
					pause(); // e.g. out of file descriptors: try again shortly
				}
				continue;
			}
			Link link = new Link(this.linkIds.incrementAndGet(), client);
			this.links.add(link);
			if (this.closed) {
				// close() may have gone through the links before this one was added.
				link.close();
				return;
			}
			startThread("link-" + link.id + "-connect", link::connectAndForward);
		}
	}

	/**
	 * Waits until a chunk that arrived at {@code arrivedAt} (a {@link System#nanoTime()}) may be
	 * forwarded under the current mode.
	 * @return false if the connection or the proxy was closed meanwhile
	 */
	private boolean awaitForwardable(Link link, long arrivedAt) throws InterruptedException {
		synchronized (this.lock) {
			while (true) {
				if (this.closed || link.finished.get()) {
					return false;
				}
				if (this.mode == Mode.BLACKHOLE || link.silenced.get()) {
					this.lock.wait();
					continue;
				}
				long remaining = arrivedAt + this.latency.toNanos() - System.nanoTime();
				if (remaining <= 0) {
					return true;
				}
				TimeUnit.NANOSECONDS.timedWait(this.lock, remaining);
			}
		}
	}

	private void wakeWaiters() {
		synchronized (this.lock) {
			this.lock.notifyAll();
		}
	}

	private Thread startThread(String role, Runnable task) {
		Thread thread = new Thread(task, "fault-proxy-" + this.port + "-" + role);
		thread.setDaemon(true);
		thread.start();
		return thread;
	}

	private static void pause() {
		try {
			Thread.sleep(10);
		}
		catch (InterruptedException ex) {
			Thread.currentThread().interrupt();
		}
	}

	private static void closeQuietly(AutoCloseable closeable) {
		if (closeable == null) {
			return;
		}
		try {
			closeable.close();
		}
		catch (Exception ex) {
			// Already closed or broken: either way it is gone.
		}
	}

	/** Closes {@code socket} so that the peer gets an RST rather than a FIN. */
	private static void abort(Socket socket) {
		if (socket == null) {
			return;
		}
		try {
			socket.setSoLinger(true, 0);
		}
		catch (IOException ex) {
			// Already closed.
		}
		closeQuietly(socket);
	}

	private enum Mode {

		PASS, REFUSE, BLACKHOLE, LATENCY

	}

	/** Bytes read from one side, or the end of the stream when {@code bytes} is null. */
	private record Chunk(byte[] bytes, long arrivedAt) {

		boolean isEnd() {
			return this.bytes == null;
		}

	}

	/** One client connection and its connection to the server. */
	private final class Link {

		private final long id;

		private final Socket client;

		private volatile Socket server;

		private final AtomicBoolean finished = new AtomicBoolean();

		private final AtomicBoolean silenced = new AtomicBoolean();

		private final AtomicInteger openDirections = new AtomicInteger(2);

		/** Set once a request whose reply must be dropped went to the server. */
		private volatile boolean dropNextReply;

		Link(long id, Socket client) {
			this.id = id;
			this.client = client;
		}

		void connectAndForward() {
			Socket socket = new Socket();
			try {
				this.client.setTcpNoDelay(true);
				socket.setTcpNoDelay(true);
				socket.connect(FaultProxy.this.upstream, CONNECT_TIMEOUT_MILLIS);
			}
			catch (IOException ex) {
				closeQuietly(socket);
				reset();
				return;
			}
			this.server = socket;
			if (this.finished.get()) {
				// Reset or closed while connecting.
				abort(socket);
				return;
			}
			forward(this.client, socket, true);
			forward(socket, this.client, false);
		}

		private void forward(Socket from, Socket to, boolean upstream) {
			String direction = upstream ? "up" : "down";
			BlockingQueue<Chunk> queue = new ArrayBlockingQueue<>(QUEUED_CHUNKS);
			startThread("link-" + this.id + "-" + direction + "-read", () -> read(from, queue));
			startThread("link-" + this.id + "-" + direction + "-write", () -> write(queue, to, upstream));
		}

		private void read(Socket from, BlockingQueue<Chunk> queue) {
			byte[] buffer = new byte[CHUNK_BYTES];
			try {
				InputStream in = from.getInputStream();
				while (!this.finished.get()) {
					int count = in.read(buffer);
					boolean end = count < 0;
					Chunk chunk = new Chunk(end ? null : Arrays.copyOf(buffer, count), System.nanoTime());
					while (!queue.offer(chunk, 100, TimeUnit.MILLISECONDS)) {
						if (this.finished.get()) {
							return;
						}
					}
					if (end) {
						return;
					}
				}
			}
			catch (IOException | InterruptedException ex) {
				// A reset from this side, or we closed the socket ourselves.
				reset();
			}
		}

		private void write(BlockingQueue<Chunk> queue, Socket to, boolean upstream) {
			try {
				OutputStream out = to.getOutputStream();
				while (!this.finished.get()) {
					Chunk chunk = queue.poll(100, TimeUnit.MILLISECONDS);
					if (chunk == null) {
						continue;
					}
					if (!awaitForwardable(this, chunk.arrivedAt())) {
						return;
					}
					if (chunk.isEnd()) {
						to.shutdownOutput();
						if (this.openDirections.decrementAndGet() == 0) {
							close();
						}
						return;
					}
					if (!upstream && this.dropNextReply) {
						FaultProxy.this.droppedReplies.incrementAndGet();
						reset();
						return;
					}
					if (upstream && takeReplyDrop(chunk.bytes())) {
						// Set before the request leaves: the reply may come back before write() returns.
						this.dropNextReply = true;
					}
					out.write(chunk.bytes());
					out.flush();
				}
			}
			catch (IOException | InterruptedException ex) {
				reset();
			}
		}

		/** Aborts both sides with an RST. */
		void reset() {
			if (this.finished.compareAndSet(false, true)) {
				FaultProxy.this.resets.incrementAndGet();
				abort(this.client);
				abort(this.server);
				forget();
			}
		}

		/** Closes both sides normally. */
		void close() {
			if (this.finished.compareAndSet(false, true)) {
				closeQuietly(this.client);
				closeQuietly(this.server);
				forget();
			}
		}

		private void forget() {
			FaultProxy.this.links.remove(this);
			wakeWaiters();
		}

	}

}
