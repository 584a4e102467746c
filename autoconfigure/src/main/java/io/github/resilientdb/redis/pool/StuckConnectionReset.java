package io.github.resilientdb.redis.pool;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import io.lettuce.core.event.command.CommandSucceededEvent;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;

import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * Replaces a shared Lettuce connection that no longer answers: a server whose socket stays open but silent (a hung
 * process, a half-open connection behind a NAT or proxy) would otherwise keep the connection, and every command on
 * it would wait for its timeout, until the operating system gives up on the socket minutes later. When a command
 * starts while no command has been answered for {@code silence} since one was sent unanswered, the factory's shared
 * connection is reset, so the commands after it open a new one. Any answer ends the silence.
 * <p>
 * Lettuce reports command starts and answers to a {@link CommandListener}, but not command timeouts, hence the
 * watch on silence rather than a count of timeouts.
 */
public final class StuckConnectionReset implements CommandListener {

	private static final Log logger = LogFactory.getLog(StuckConnectionReset.class);

	private static final long NONE = Long.MIN_VALUE;

	private final LettuceConnectionFactory factory;

	private final long silenceNanos;

	private final AtomicLong unansweredSince = new AtomicLong(NONE);

	private final AtomicBoolean resetting = new AtomicBoolean();

	/**
	 * Creates a listener for the commands of a factory's client.
	 * @param factory the factory whose shared connection is reset
	 * @param silence how long commands may go unanswered before the connection is replaced, positive
	 */
	public StuckConnectionReset(LettuceConnectionFactory factory, Duration silence) {
		if (silence.isNegative() || silence.isZero()) {
			throw new IllegalArgumentException("silence must be positive, not " + silence);
		}
		this.factory = factory;
		this.silenceNanos = silence.toNanos();
	}

	@Override
	public void commandStarted(CommandStartedEvent event) {
		long now = System.nanoTime();
		if (this.unansweredSince.compareAndSet(NONE, now)) {
			return;
		}
		long since = this.unansweredSince.get();
		if (since != NONE && now - since >= this.silenceNanos && this.resetting.compareAndSet(false, true)) {
			// Not on the thread that writes the command: closing a connection may wait for its event loop.
			CompletableFuture.runAsync(() -> reset(Duration.ofNanos(now - since)));
		}
	}

	@Override
	public void commandSucceeded(CommandSucceededEvent event) {
		this.unansweredSince.set(NONE);
	}

	private void reset(Duration silent) {
		try {
			logger.warn("Redis answered no command for " + silent.toMillis() + " ms: replacing the shared connection");
			this.factory.resetConnection();
		}
		catch (RuntimeException ex) {
			logger.debug("Resetting the shared Redis connection failed", ex);
		}
		finally {
			this.unansweredSince.set(NONE);
			this.resetting.set(false);
		}
	}

}
