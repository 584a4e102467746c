package io.github.resilientdb.test.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

import io.github.resilientdb.test.server.FreePort;
import io.github.resilientdb.test.server.PrivatePostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Each {@link FaultProxy} mode, observed from a real PostgreSQL JDBC client (and from raw sockets
 * through an {@link EchoServer} where bytes must be checked one by one).
 */
class FaultProxyTests {

	private static final Duration SOON = Duration.ofSeconds(5);

	private FaultProxy proxy;

	@BeforeEach
	void startProxyToPostgres() {
		this.proxy = FaultProxy.to("127.0.0.1", PrivatePostgres.shared().port());
	}

	@AfterEach
	void closeProxy() {
		this.proxy.close();
	}

	@Test
	void passForwardsQueriesAndCountsLiveConnections() throws SQLException {
		try (Connection connection = connect(0)) {
			assertThat(selectOne(connection)).isEqualTo(1);
			assertThat(this.proxy.liveConnections()).isEqualTo(1);
		}
		await().atMost(SOON).until(() -> this.proxy.liveConnections() == 0);
	}

	@Test
	void refuseNewConnectionsRefusesConnectsButKeepsLiveOnesThenPassListensAgainOnTheSamePort()
			throws SQLException {
		int port = this.proxy.port();
		try (Connection live = connect(0)) {
			this.proxy.refuseNewConnections();

			assertThatExceptionOfType(ConnectException.class).isThrownBy(() -> rawConnect(port).close())
				.withMessageContaining("refused");
			assertThatThrownBy(() -> connect(0).close()).isInstanceOf(SQLException.class)
				.hasRootCauseInstanceOf(ConnectException.class);
			assertThat(selectOne(live)).isEqualTo(1);

			this.proxy.pass();
			assertThat(this.proxy.port()).isEqualTo(port);
			try (Connection fresh = connect(0)) {
				assertThat(selectOne(fresh)).isEqualTo(1);
			}
		}
	}

	@Test
	void resetLiveConnectionsBreaksOpenConnectionsButNotNewOnes() throws SQLException {
		try (Connection connection = connect(0)) {
			assertThat(selectOne(connection)).isEqualTo(1);

			this.proxy.resetLiveConnections();

			assertThat(this.proxy.liveConnections()).isZero();
			assertThatThrownBy(() -> selectOne(connection)).isInstanceOf(SQLException.class)
				.hasRootCauseInstanceOf(SocketException.class);
		}
		try (Connection fresh = connect(0)) {
			assertThat(selectOne(fresh)).isEqualTo(1);
		}
	}

	@Test
	void resetLiveConnectionsSendsAnRstNotAFin() throws IOException {
		try (EchoServer echo = EchoServer.start(); FaultProxy echoProxy = FaultProxy.to("127.0.0.1", echo.port());
				Socket socket = rawConnect(echoProxy.port())) {
			socket.setSoTimeout(5_000);
			assertThat(roundTrip(socket, "ping")).isEqualTo("ping");

			echoProxy.resetLiveConnections();

			assertThatExceptionOfType(SocketException.class).isThrownBy(() -> socket.getInputStream().read())
				.withMessageContaining("reset");
		}
	}

	@Test
	void blackholeMakesQueriesTimeOut() throws SQLException {
		try (Connection connection = connect(1)) {
			assertThat(selectOne(connection)).isEqualTo(1);

			this.proxy.blackhole();

			long start = System.nanoTime();
			assertThatThrownBy(() -> selectOne(connection)).isInstanceOf(SQLException.class)
				.hasRootCauseInstanceOf(SocketTimeoutException.class);
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(900));
		}
	}

	@Test
	void blackholeAcceptsNewConnectionsAndHoldsTheirBytesUntilPass() throws IOException {
		try (EchoServer echo = EchoServer.start(); FaultProxy echoProxy = FaultProxy.to("127.0.0.1", echo.port())) {
			echoProxy.blackhole();
			try (Socket socket = rawConnect(echoProxy.port())) {
				socket.setSoTimeout(300);
				socket.getOutputStream().write("held".getBytes(StandardCharsets.US_ASCII));

				assertThatExceptionOfType(SocketTimeoutException.class)
					.isThrownBy(() -> socket.getInputStream().read());
				assertThat(echoProxy.liveConnections()).isEqualTo(1);

				echoProxy.pass();
				socket.setSoTimeout(5_000);
				assertThat(readExactly(socket.getInputStream(), 4)).isEqualTo("held");
			}
		}
	}

	@Test
	void latencyDelaysEachDirection() throws SQLException {
		try (Connection connection = connect(0)) {
			selectOne(connection); // warm up

			this.proxy.latency(Duration.ofMillis(150));
			long start = System.nanoTime();
			assertThat(selectOne(connection)).isEqualTo(1);
			Duration delayed = Duration.ofNanos(System.nanoTime() - start);

			this.proxy.pass();
			start = System.nanoTime();
			selectOne(connection);
			Duration normal = Duration.ofNanos(System.nanoTime() - start);

			assertThat(delayed).isGreaterThanOrEqualTo(Duration.ofMillis(300)).isLessThan(Duration.ofSeconds(3));
			assertThat(normal).isLessThan(Duration.ofMillis(300));
		}
	}

	@Test
	void forwardsLargeTransfersIntactAndPassesEndOfStreamOn() throws Exception {
		byte[] payload = new byte[2 * 1024 * 1024];
		new Random(42).nextBytes(payload);
		try (EchoServer echo = EchoServer.start(); FaultProxy echoProxy = FaultProxy.to("127.0.0.1", echo.port());
				Socket socket = rawConnect(echoProxy.port())) {
			socket.setSoTimeout(10_000);
			CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
				try {
					OutputStream out = socket.getOutputStream();
					out.write(payload);
					socket.shutdownOutput();
				}
				catch (IOException ex) {
					throw new IllegalStateException(ex);
				}
			});
			// The echo server closes after our end-of-stream, so reading to the end proves both directions.
			byte[] echoed = socket.getInputStream().readAllBytes();
			sent.get();

			assertThat(echoed).isEqualTo(payload);
			await().atMost(SOON).until(() -> echoProxy.liveConnections() == 0);
		}
	}

	@Test
	void aServerThatIsDownLooksLikeAResetToTheClient() throws IOException {
		try (FaultProxy nowhere = FaultProxy.to("127.0.0.1", FreePort.find());
				Socket socket = rawConnect(nowhere.port())) {
			socket.setSoTimeout(5_000);
			assertThatExceptionOfType(SocketException.class).isThrownBy(() -> socket.getInputStream().read());
			await().atMost(SOON).until(() -> nowhere.liveConnections() == 0);
		}
	}

	@Test
	void closeStopsListeningAndClosesLiveConnections() throws IOException {
		try (EchoServer echo = EchoServer.start()) {
			FaultProxy echoProxy = FaultProxy.to("127.0.0.1", echo.port());
			try (Socket socket = rawConnect(echoProxy.port())) {
				socket.setSoTimeout(5_000);
				assertThat(roundTrip(socket, "ping")).isEqualTo("ping");

				echoProxy.close();

				assertThat(socket.getInputStream().read()).isEqualTo(-1);
				assertThat(echoProxy.liveConnections()).isZero();
				assertThatExceptionOfType(ConnectException.class)
					.isThrownBy(() -> rawConnect(echoProxy.port()).close());
				assertThatThrownBy(echoProxy::pass).isInstanceOf(IllegalStateException.class);
				await().atMost(SOON).until(() -> threadsOf(echoProxy) == 0);
			}
		}
	}

	@Test
	void leavesNoThreadBehindAfterResetsAndBlackholes() throws IOException {
		try (EchoServer echo = EchoServer.start(); FaultProxy echoProxy = FaultProxy.to("127.0.0.1", echo.port())) {
			try (Socket first = rawConnect(echoProxy.port()); Socket second = rawConnect(echoProxy.port())) {
				first.setSoTimeout(5_000);
				assertThat(roundTrip(first, "x")).isEqualTo("x");
				echoProxy.blackhole();
				second.getOutputStream().write(new byte[256 * 1024]);
				await().atMost(SOON).until(() -> echoProxy.liveConnections() == 2);

				echoProxy.resetLiveConnections();
			}
			echoProxy.refuseNewConnections();
			await().atMost(SOON).until(() -> threadsOf(echoProxy) == 0);
		}
	}

	@Test
	void dropRepliesAppliesTheMatchedCommitButResetsTheConnectionInsteadOfAnswering() throws SQLException {
		String table = "drop_reply_" + Long.toHexString(System.nanoTime());
		try (Connection setup = connect(0); Statement statement = setup.createStatement()) {
			statement.execute("create table " + table + " (id int)");
		}
		try (Connection connection = connect(5)) {
			connection.setAutoCommit(false);
			try (Statement statement = connection.createStatement()) {
				statement.execute("insert into " + table + " values (1)");
			}
			this.proxy.dropReplies(1, FaultProxy.requestsContaining("COMMIT"));
			assertThatExceptionOfType(SQLException.class).isThrownBy(connection::commit);
		}
		assertThat(this.proxy.droppedReplies()).isEqualTo(1);
		assertThat(this.proxy.pendingReplyDrops()).isZero();
		try (Connection check = connect(0); Statement statement = check.createStatement();
				ResultSet rows = statement.executeQuery("select count(*) from " + table)) {
			rows.next();
			assertThat(rows.getInt(1)).as("the commit whose reply was dropped was applied").isEqualTo(1);
			statement.execute("drop table " + table);
		}
	}

	@Test
	void dropRepliesLeavesRequestsThatDoNotMatchAlone() throws SQLException {
		try (Connection connection = connect(5)) {
			this.proxy.dropReplies(1, FaultProxy.requestsContaining("COMMIT"));
			assertThat(selectOne(connection)).isEqualTo(1);
			assertThat(this.proxy.pendingReplyDrops()).isEqualTo(1);
			this.proxy.dropReplies(0);
		}
		assertThat(this.proxy.droppedReplies()).isZero();
	}

	private static long threadsOf(FaultProxy proxy) {
		String prefix = "fault-proxy-" + proxy.port() + "-";
		return Thread.getAllStackTraces().keySet().stream().filter((thread) -> thread.getName().startsWith(prefix))
			.count();
	}

	private Connection connect(int socketTimeoutSeconds) throws SQLException {
		PrivatePostgres postgres = PrivatePostgres.shared();
		Properties properties = new Properties();
		properties.setProperty("user", postgres.user());
		properties.setProperty("password", postgres.password());
		properties.setProperty("connectTimeout", "5");
		properties.setProperty("socketTimeout", Integer.toString(socketTimeoutSeconds));
		return DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + this.proxy.port() + "/test", properties);
	}

	private static int selectOne(Connection connection) throws SQLException {
		try (Statement statement = connection.createStatement(); ResultSet result = statement.executeQuery("select 1")) {
			result.next();
			return result.getInt(1);
		}
	}

	private static Socket rawConnect(int port) throws IOException {
		Socket socket = new Socket();
		try {
			socket.connect(new InetSocketAddress(FreePort.loopback(), port), 5_000);
			return socket;
		}
		catch (IOException ex) {
			socket.close();
			throw ex;
		}
	}

	private static String roundTrip(Socket socket, String message) throws IOException {
		socket.getOutputStream().write(message.getBytes(StandardCharsets.US_ASCII));
		return readExactly(socket.getInputStream(), message.length());
	}

	private static String readExactly(InputStream in, int length) throws IOException {
		ByteArrayOutputStream read = new ByteArrayOutputStream();
		while (read.size() < length) {
			int next = in.read();
			if (next < 0) {
				break;
			}
			read.write(next);
		}
		return read.toString(StandardCharsets.US_ASCII);
	}

}
