package io.github.resilientdb.engine;

import java.io.EOFException;
import java.net.ConnectException;
import java.net.SocketException;
import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.time.Duration;
import java.util.List;

import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.classify.ErrorClassification;
import io.lettuce.core.RedisConnectionException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionFailureTransitionTests {

	private static final ErrorClassification NOT_SENT = new ErrorClassification(
			List.of((error) -> (error instanceof IllegalStateException) ? null : ErrorCategory.NOT_SENT));

	private final ConnectionFailureTransition transition = new ConnectionFailureTransition(NOT_SENT,
			Duration.ofSeconds(10));

	@Test
	void refusedConnectionBehindPoolWaitShouldBeDecisive() {
		SQLException refused = new SQLException("Connection to 127.0.0.1:1 refused", "08001",
				new ConnectException("Connection refused"));
		assertThat(this.transition
			.isDecisive(new SQLTransientConnectionException("request timed out after 3000ms", "08003", refused)))
			.isTrue();
	}

	@Test
	void connectionResetDuringTheHandshakeShouldNotBeDecisive() {
		SQLException reset = new SQLException("The connection attempt failed.", "08001",
				new SocketException("Connection reset"));
		SQLException closed = new SQLException("The connection attempt failed.", "08001", new EOFException());
		assertThat(this.transition
			.isDecisive(new SQLTransientConnectionException("request timed out after 1000ms", "08003", reset)))
			.isFalse();
		assertThat(this.transition.isDecisive(closed)).isFalse();
		assertThat(this.transition.isDecisive(new SQLException("Unable to connect", "08001"))).isTrue();
	}

	@Test
	void poolWaitWithoutConnectionFailureShouldNotBeDecisive() {
		assertThat(this.transition.isDecisive(new SQLTransientConnectionException(
				"HikariPool-1 - Connection is not available, request timed out after 3000ms"))).isFalse();
	}

	@Test
	void redisConnectionFailureShouldBeDecisive() {
		assertThat(this.transition.isDecisive(new RedisConnectionException("Unable to connect to 127.0.0.1:1")))
			.isTrue();
	}

	@Test
	void connectionFailureNotClassifiedNotSentShouldNotBeDecisive() {
		assertThat(this.transition.isDecisive(new IllegalStateException("x", new ConnectException("refused"))))
			.isFalse();
	}

}
