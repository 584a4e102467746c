package io.github.resilientdb.mongo.pool;

import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.connection.ConnectionPoolSettings;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.core.Ordered;

/**
 * Applies production defaults to the MongoDB client settings: pool sizes and waits, connect, read and server
 * selection timeouts, heartbeat, retryable reads and writes, application name, compressors, read preference and
 * write concern.
 * <p>
 * It runs before Spring Boot's {@code StandardMongoClientSettingsBuilderCustomizer} (order 0), which applies the
 * connection string afterwards, so every option of {@code spring.mongodb.uri} wins. It also leaves alone any setting
 * that no longer holds the driver's default when it runs (set by the application's {@link MongoClientSettings} bean
 * or by a customizer ordered earlier). When the application bounds the pool size on one side only, the default of
 * the other side is moved so that the pool stays valid (a {@code maxPoolSize=5} in the URI lowers the default
 * minimum to 5).
 * <p>
 * Spring Boot applies it to the client it builds. An application that builds its own {@code MongoClient} gets the
 * same defaults by injecting this bean and calling {@link #customize(MongoClientSettings.Builder)} on its builder
 * after {@code applyConnectionString(...)}: every option of that connection string that differs from the driver's
 * default is kept, and the pool sizes adapt to it.
 */
public final class MongoClientDefaultsCustomizer implements MongoClientSettingsBuilderCustomizer, Ordered {

	/**
	 * Order of this customizer: ahead of Spring Boot's standard customizer (order 0).
	 */
	public static final int ORDER = -100;

	private static final MongoClientSettings DRIVER_DEFAULTS = MongoClientSettings.builder().build();

	private static final TimeUnit MS = TimeUnit.MILLISECONDS;

	private final MongoClientSettings defaults;

	private final Supplier<@Nullable ConnectionString> connectionString;

	/**
	 * Creates a customizer.
	 * @param defaults the settings to apply where the application set nothing
	 * @param connectionString the application's connection string, applied after this customizer, if any
	 */
	public MongoClientDefaultsCustomizer(MongoClientSettings defaults,
			Supplier<@Nullable ConnectionString> connectionString) {
		this.defaults = defaults;
		this.connectionString = connectionString;
	}

	@Override
	public void customize(MongoClientSettings.Builder builder) {
		MongoClientSettings current = builder.build();
		customizePoolSize(builder, current.getConnectionPoolSettings());
		apply(current, (settings) -> settings.getConnectionPoolSettings().getMaxConnecting(),
				(value) -> builder.applyToConnectionPoolSettings((pool) -> pool.maxConnecting(value)));
		apply(current, (settings) -> settings.getConnectionPoolSettings().getMaxWaitTime(MS),
				(value) -> builder.applyToConnectionPoolSettings((pool) -> pool.maxWaitTime(value, MS)));
		apply(current, (settings) -> settings.getConnectionPoolSettings().getMaxConnectionIdleTime(MS),
				(value) -> builder.applyToConnectionPoolSettings((pool) -> pool.maxConnectionIdleTime(value, MS)));
		apply(current, (settings) -> settings.getConnectionPoolSettings().getMaxConnectionLifeTime(MS),
				(value) -> builder.applyToConnectionPoolSettings((pool) -> pool.maxConnectionLifeTime(value, MS)));
		apply(current, (settings) -> settings.getSocketSettings().getConnectTimeout(MS),
				(value) -> builder.applyToSocketSettings((socket) -> socket.connectTimeout(value, MS)));
		apply(current, (settings) -> settings.getSocketSettings().getReadTimeout(MS),
				(value) -> builder.applyToSocketSettings((socket) -> socket.readTimeout(value, MS)));
		apply(current, (settings) -> settings.getClusterSettings().getServerSelectionTimeout(MS),
				(value) -> builder.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(value, MS)));
		apply(current, (settings) -> settings.getServerSettings().getHeartbeatFrequency(MS),
				(value) -> builder.applyToServerSettings((server) -> server.heartbeatFrequency(value, MS)));
		apply(current, (settings) -> settings.getTimeout(MS), (value) -> {
			if (value != null) {
				builder.timeout(value, MS);
			}
		});
		apply(current, MongoClientSettings::getRetryReads, builder::retryReads);
		apply(current, MongoClientSettings::getRetryWrites, builder::retryWrites);
		apply(current, MongoClientSettings::getApplicationName, builder::applicationName);
		apply(current, MongoClientSettings::getReadPreference, builder::readPreference);
		apply(current, MongoClientSettings::getWriteConcern, builder::writeConcern);
		if (current.getCompressorList().isEmpty()) {
			builder.compressorList(this.defaults.getCompressorList());
		}
	}

	/**
	 * Whether a client's settings already have these defaults, applied or set by the application: whether
	 * {@link #customize(MongoClientSettings.Builder)} would leave them as they are.
	 * @param settings the settings of a client
	 * @return whether the settings have the defaults
	 */
	public boolean isAppliedTo(MongoClientSettings settings) {
		MongoClientSettings.Builder builder = MongoClientSettings.builder(settings);
		customize(builder);
		return builder.build().equals(settings);
	}

	private void customizePoolSize(MongoClientSettings.Builder builder, ConnectionPoolSettings current) {
		ConnectionPoolSettings driver = DRIVER_DEFAULTS.getConnectionPoolSettings();
		ConnectionString uri = this.connectionString.get();
		Integer uriMin = (uri != null) ? uri.getMinConnectionPoolSize() : null;
		Integer uriMax = (uri != null) ? uri.getMaxConnectionPoolSize() : null;
		ConnectionPoolSettings ours = this.defaults.getConnectionPoolSettings();
		boolean minSet = current.getMinSize() != driver.getMinSize();
		boolean maxSet = current.getMaxSize() != driver.getMaxSize();
		int min = (uriMin != null) ? uriMin : (minSet ? current.getMinSize() : ours.getMinSize());
		int max = (uriMax != null) ? uriMax : (maxSet ? current.getMaxSize() : ours.getMaxSize());
		if (max != 0 && min > max) {
			if (uriMin == null && !minSet) {
				min = max;
			}
			else {
				max = min;
			}
		}
		int minSize = min;
		int maxSize = max;
		builder.applyToConnectionPoolSettings((pool) -> {
			if (!minSet) {
				pool.minSize(minSize);
			}
			if (!maxSet) {
				pool.maxSize(maxSize);
			}
		});
	}

	private <T> void apply(MongoClientSettings current, Function<MongoClientSettings, T> setting,
			Consumer<T> setter) {
		if (Objects.equals(setting.apply(current), setting.apply(DRIVER_DEFAULTS))) {
			setter.accept(setting.apply(this.defaults));
		}
	}

	@Override
	public int getOrder() {
		return ORDER;
	}

}
