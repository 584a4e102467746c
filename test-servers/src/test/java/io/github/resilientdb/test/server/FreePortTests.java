package io.github.resilientdb.test.server;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link FreePort} hands out distinct ports that can really be bound. */
class FreePortTests {

	@Test
	void handsOutDistinctBindablePortsBelowTheEphemeralRange() throws IOException {
		Set<Integer> ports = new HashSet<>();
		for (int i = 0; i < 20; i++) {
			int port = FreePort.find();
			assertThat(port).isBetween(FreePort.LOWEST, FreePort.HIGHEST);
			try (ServerSocket socket = new ServerSocket()) {
				socket.bind(new InetSocketAddress(FreePort.loopback(), port));
			}
			ports.add(port);
		}
		assertThat(ports).hasSize(20);
	}

	@Test
	void aBoundPortIsNotFree() throws IOException {
		try (ServerSocket socket = new ServerSocket(0, 1, FreePort.loopback())) {
			assertThat(FreePort.isFree(socket.getLocalPort())).isFalse();
		}
	}

}
