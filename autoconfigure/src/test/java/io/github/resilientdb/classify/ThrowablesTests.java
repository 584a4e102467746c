package io.github.resilientdb.classify;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class ThrowablesTests {

	@Test
	void findShouldReturnErrorItselfWhenOfType() {
		IOException error = new IOException("boom");
		assertThat(Throwables.find(error, IOException.class)).isSameAs(error);
	}

	@Test
	void findShouldReturnOutermostMatchingCause() {
		SocketException inner = new SocketException("inner");
		IOException middle = new IOException("middle", inner);
		RuntimeException outer = new UncheckedIOException(middle);
		assertThat(Throwables.find(outer, IOException.class)).isSameAs(middle);
		assertThat(Throwables.find(outer, SocketException.class)).isSameAs(inner);
	}

	@Test
	void findWhenTypeAbsentShouldReturnNull() {
		assertThat(Throwables.find(new RuntimeException(new IllegalStateException()), IOException.class)).isNull();
	}

	@Test
	void findShouldStopOnCausalCycle() {
		RuntimeException first = new RuntimeException("first");
		RuntimeException second = new RuntimeException("second", first);
		first.initCause(second);
		assertThat(Throwables.find(first, IOException.class)).isNull();
	}

	@Test
	void findShouldGiveUpBeyondMaximumDepth() {
		Throwable error = new IOException("deep");
		for (int depth = 0; depth < 40; depth++) {
			error = new RuntimeException(error);
		}
		assertThat(Throwables.find(error, IOException.class)).isNull();
	}

}
