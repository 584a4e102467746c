package io.github.resilientdb.mongo.pool;

import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.MongoCompressor;
import com.mongodb.ReadPreference;
import com.mongodb.WriteConcern;
import com.mongodb.client.MongoClient;
import com.mongodb.client.internal.MongoClientImpl;
import com.mongodb.connection.ConnectionPoolSettings;
import com.mongodb.event.ConnectionPoolCreatedEvent;
import com.mongodb.event.ConnectionPoolListener;
import com.mongodb.internal.TimeoutSettings;
import org.bson.BsonDocument;
import org.bson.Document;

import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The settings a live {@link MongoClient} of an application context actually runs with, read from the client
 * objects after a real command over TCP, never from properties: the pool's settings from the driver's
 * {@link ConnectionPoolCreatedEvent}, the operation timeouts the client hands to its operations, its read preference
 * and write concern, the handshake metadata it sends (application name), and the settings the client was built with
 * (heartbeat, retries, compressors).
 *
 * @param pool the settings of the connection pool the driver created
 * @param timeouts the timeouts the client applies to its operations
 * @param heartbeatFrequencyMs the interval of the server monitor
 * @param retryReads whether reads are retried
 * @param retryWrites whether writes are retried
 * @param applicationName the application name in the handshake, or {@code null}
 * @param compressors the compressors offered to the server, by name (and level when set)
 * @param readPreference the read preference of the client
 * @param writeConcern the write concern of the client
 */
record LiveMongoSettings(ConnectionPoolSettings pool, TimeoutSettings timeouts, long heartbeatFrequencyMs,
		boolean retryReads, boolean retryWrites, String applicationName, List<String> compressors,
		ReadPreference readPreference, WriteConcern writeConcern) {

	static LiveMongoSettings of(ApplicationContext context) {
		MongoClient client = context.getBean(MongoClient.class);
		client.getDatabase("admin").runCommand(new Document("ping", 1));
		MongoClientImpl live = (MongoClientImpl) client;
		BsonDocument handshake = live.getCluster().getClientMetadata().getBsonDocument();
		return new LiveMongoSettings(context.getBean(PoolCapture.class).settings(), live.getTimeoutSettings(),
				live.getSettings().getServerSettings().getHeartbeatFrequency(TimeUnit.MILLISECONDS),
				live.getSettings().getRetryReads(), live.getSettings().getRetryWrites(),
				handshake.containsKey("application")
						? handshake.getDocument("application").getString("name").getValue() : null,
				live.getSettings().getCompressorList().stream().map(LiveMongoSettings::describe).toList(),
				client.getReadPreference(), client.getWriteConcern());
	}

	private static String describe(MongoCompressor compressor) {
		Integer level = compressor.getProperty(MongoCompressor.LEVEL, null);
		return compressor.getName() + ((level != null) ? "(level " + level + ")" : "");
	}

	/**
	 * Registers a pool listener, the way an application would, to capture the settings of the pool the driver
	 * creates.
	 */
	@Configuration(proxyBeanMethods = false)
	static class PoolCapture {

		private final AtomicReference<ConnectionPoolSettings> created = new AtomicReference<>();

		@Bean
		MongoClientSettingsBuilderCustomizer poolCaptureCustomizer() {
			ConnectionPoolListener listener = new ConnectionPoolListener() {

				@Override
				public void connectionPoolCreated(ConnectionPoolCreatedEvent event) {
					PoolCapture.this.created.set(event.getSettings());
				}

			};
			return (builder) -> builder
				.applyToConnectionPoolSettings((pool) -> pool.addConnectionPoolListener(listener));
		}

		ConnectionPoolSettings settings() {
			ConnectionPoolSettings settings = this.created.get();
			if (settings == null) {
				throw new IllegalStateException("The driver created no connection pool");
			}
			return settings;
		}

	}

}
