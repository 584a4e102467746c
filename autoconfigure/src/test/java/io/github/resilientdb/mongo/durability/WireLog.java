package io.github.resilientdb.mongo.durability;

import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import com.mongodb.event.CommandListener;
import com.mongodb.event.CommandStartedEvent;
import org.bson.BsonDocument;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The write commands the driver actually sends, with their write concern, as the driver's command listener sees
 * them on their way to the wire. Registered like an application would, through a client settings customizer.
 */
@Configuration(proxyBeanMethods = false)
class WireLog {

	private static final Set<String> WRITES = Set.of("insert", "update", "delete");

	private final List<Write> writes = new CopyOnWriteArrayList<>();

	@Bean
	MongoClientSettingsBuilderCustomizer wireLogCustomizer() {
		CommandListener listener = new CommandListener() {

			@Override
			public void commandStarted(CommandStartedEvent event) {
				if (WRITES.contains(event.getCommandName())) {
					BsonDocument command = event.getCommand();
					WireLog.this.writes.add(new Write(event.getCommandName(),
							command.getString(event.getCommandName()).getValue(),
							command.containsKey("writeConcern") ? command.getDocument("writeConcern").clone() : null));
				}
			}

		};
		return (builder) -> builder.addCommandListener(listener);
	}

	/**
	 * Returns the writes sent since the last call, and forgets them.
	 * @return the writes
	 */
	List<Write> drain() {
		List<Write> drained = List.copyOf(this.writes);
		this.writes.clear();
		return drained;
	}

	/**
	 * One write command as sent.
	 *
	 * @param command the command name
	 * @param collection the collection written to
	 * @param writeConcern the write concern sent, or {@code null} when the command carried none
	 */
	record Write(String command, String collection, @Nullable BsonDocument writeConcern) {

	}

}
