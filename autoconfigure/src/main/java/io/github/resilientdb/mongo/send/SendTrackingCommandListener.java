package io.github.resilientdb.mongo.send;

import java.util.concurrent.atomic.AtomicInteger;

import com.mongodb.MongoClientSettings;
import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import io.github.resilientdb.engine.SendTracker;

import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;

/**
 * Counts the commands the synchronous driver is about to write to a server, on the calling thread (the driver
 * publishes {@code commandStarted} there, once a connection is checked out and just before the command is written).
 * A call during which no command started sent nothing. Added to the client Spring Boot builds. Tracking holds
 * only when exactly one client was built with it: a client built without Boot's customizers is not seen, and a
 * second client (a reactive one publishes its events on other threads) turns tracking off; the engine then keeps its
 * atomic rule.
 */
public final class SendTrackingCommandListener implements CommandListener, MongoClientSettingsBuilderCustomizer {

	private final SendTracker sendTracker = SendTracker.untilHooked();

	private final AtomicInteger clients = new AtomicInteger();

	/**
	 * The tracker this listener feeds.
	 * @return the tracker
	 */
	public SendTracker sendTracker() {
		return this.sendTracker;
	}

	@Override
	public void customize(MongoClientSettings.Builder builder) {
		builder.addCommandListener(this);
		if (this.clients.incrementAndGet() == 1) {
			this.sendTracker.hooked();
		}
		else {
			this.sendTracker.untracked();
		}
	}

	@Override
	public void commandStarted(CommandStartedEvent event) {
		this.sendTracker.maySend();
	}

}
