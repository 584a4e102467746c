package io.github.resilientdb.redis.send;

import java.util.EnumSet;
import java.util.Set;

import io.github.resilientdb.engine.SendTracker;
import io.lettuce.core.event.command.CommandListener;
import io.lettuce.core.event.command.CommandStartedEvent;
import io.lettuce.core.protocol.CommandType;
import io.lettuce.core.protocol.ProtocolKeyword;
import io.lettuce.core.protocol.ReadOnlyCommands;
import io.netty.util.concurrent.FastThreadLocalThread;

/**
 * Counts the commands Lettuce is handed, on the thread that hands them over: Lettuce publishes
 * {@code commandStarted} from the connection's {@code CommandListenerWriter}, before the command reaches the
 * connection's endpoint. That is before the endpoint decides whether to write it to the socket, buffer it while
 * disconnected, or reject it ({@code REJECT_COMMANDS}, resilient-db's default): a command rejected or queued while
 * disconnected counts as sent too. That is conservative; a call counts as having sent nothing only when no command
 * was even handed to a connection, as when the connection could not be opened or the pool had none to give.
 * <p>
 * The blocking API hands commands over on the calling thread. A command handed over on one of Lettuce's I/O threads
 * belongs to a caller on another thread (a reactive command on a connection that was still opening, a node
 * connection of a master/replica or cluster client that was still opening), so the count of that caller's thread
 * misses it: unless it cannot change any data (a read, a {@code SENTINEL} lookup, a re-subscription), it turns
 * tracking off for good.
 */
final class SendTrackingCommandListener implements CommandListener {

	private static final Set<CommandType> DATA_NEUTRAL = EnumSet.of(CommandType.SENTINEL, CommandType.PING,
			CommandType.SUBSCRIBE, CommandType.PSUBSCRIBE, CommandType.SSUBSCRIBE, CommandType.UNSUBSCRIBE,
			CommandType.PUNSUBSCRIBE, CommandType.SUNSUBSCRIBE);

	private final SendTracker sendTracker;

	SendTrackingCommandListener(SendTracker sendTracker) {
		this.sendTracker = sendTracker;
	}

	@Override
	public void commandStarted(CommandStartedEvent event) {
		this.sendTracker.maySend();
		if (Thread.currentThread() instanceof FastThreadLocalThread && !isDataNeutral(event.getCommand().getType())) {
			this.sendTracker.untracked();
		}
	}

	private static boolean isDataNeutral(ProtocolKeyword type) {
		return ReadOnlyCommands.isReadOnlyCommand(type) || (type instanceof CommandType command
				&& DATA_NEUTRAL.contains(command));
	}

}
