package io.github.resilientdb.integration;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.client.MongoClient;
import com.mongodb.client.internal.MongoClientImpl;
import com.zaxxer.hikari.HikariDataSource;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.health.DatastoreCheck;
import io.github.resilientdb.health.DatastoreHealthMonitor;
import io.github.resilientdb.health.DatastoreStatus;
import io.github.resilientdb.health.autoconfigure.ResilientDbHealthAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcPoolAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.JdbcResilientDbAutoConfiguration;
import io.github.resilientdb.jdbc.autoconfigure.health.JdbcProbeAutoConfiguration;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import io.github.resilientdb.mongo.autoconfigure.health.MongoProbeAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisPoolAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.RedisResilientDbAutoConfiguration;
import io.github.resilientdb.redis.autoconfigure.health.RedisProbeAutoConfiguration;
import io.lettuce.core.ClientOptions;
import org.jspecify.annotations.Nullable;

import org.springframework.boot.actuate.autoconfigure.endpoint.EndpointAutoConfiguration;
import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration;
import org.springframework.boot.data.redis.autoconfigure.DataRedisConnectionDetails;
import org.springframework.boot.health.autoconfigure.actuate.endpoint.HealthEndpointAutoConfiguration;
import org.springframework.boot.health.autoconfigure.contributor.HealthContributorAutoConfiguration;
import org.springframework.boot.health.autoconfigure.registry.HealthContributorRegistryAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcConnectionDetails;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoConnectionDetails;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * What Testcontainers' {@code @ServiceConnection} gives an application: {@link JdbcConnectionDetails},
 * {@link DataRedisConnectionDetails} and {@link MongoConnectionDetails} beans, and no {@code spring.*} URL property.
 * Also the application both kinds of test start, and the client settings they compare.
 */
final class ServiceConnections {

	private ServiceConnections() {
	}

	/**
	 * An application with the three stores, the starter and Boot's health endpoint, and no server configured.
	 * @return the runner
	 */
	static ApplicationContextRunner application() {
		return new ApplicationContextRunner()
			.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class, MongoAutoConfiguration.class,
					DataRedisAutoConfiguration.class, JdbcResilientDbAutoConfiguration.class,
					JdbcPoolAutoConfiguration.class, RedisPoolAutoConfiguration.class,
					MongoResilientDbAutoConfiguration.class, RedisResilientDbAutoConfiguration.class,
					ResilientDbAutoConfiguration.class, ResilientDbHealthAutoConfiguration.class,
					JdbcProbeAutoConfiguration.class, MongoProbeAutoConfiguration.class, RedisProbeAutoConfiguration.class,
					EndpointAutoConfiguration.class, HealthContributorAutoConfiguration.class,
					HealthContributorRegistryAutoConfiguration.class, HealthEndpointAutoConfiguration.class))
			.withPropertyValues("spring.application.name=orders", "management.endpoint.health.show-details=always",
					"resilientdb.health.interval=200ms", "resilientdb.health.unhealthy-interval=200ms",
					"resilientdb.health.timeout=1s");
	}

	static JdbcConnectionDetails jdbc(String url, String username, String password) {
		return jdbc(url, username, password, null);
	}

	static JdbcConnectionDetails jdbc(String url, String username, String password,
			@Nullable String driverClassName) {
		return new JdbcConnectionDetails() {

			@Override
			public String getDriverClassName() {
				return (driverClassName != null) ? driverClassName : JdbcConnectionDetails.super.getDriverClassName();
			}

			@Override
			public String getJdbcUrl() {
				return url;
			}

			@Override
			public String getUsername() {
				return username;
			}

			@Override
			public String getPassword() {
				return password;
			}

		};
	}

	static DataRedisConnectionDetails redis(String host, int port, @Nullable String password) {
		return new DataRedisConnectionDetails() {

			@Override
			public @Nullable String getPassword() {
				return password;
			}

			@Override
			public Standalone getStandalone() {
				return Standalone.of(host, port);
			}

		};
	}

	static MongoConnectionDetails mongo(String connectionString) {
		ConnectionString parsed = new ConnectionString(connectionString);
		return () -> parsed;
	}

	/**
	 * Waits until every store's probe has a check with the given status.
	 * @param context the application
	 * @param status the status to wait for
	 */
	static void awaitStatus(ApplicationContext context, DatastoreStatus status) {
		DatastoreHealthMonitor monitor = context.getBean(DatastoreHealthMonitor.class);
		for (String store : new String[] { "jdbc", "mongo", "redis" }) {
			await().atMost(Duration.ofSeconds(30)).until(() -> {
				DatastoreCheck check = monitor.latest(store);
				return check != null && check.status() == status;
			});
		}
	}

	/**
	 * Starts an application and reads the settings of its three clients that the starter's defaults decide.
	 * @param runner the application
	 * @return the settings, by name
	 */
	static Map<String, Object> clientSettings(ApplicationContextRunner runner) {
		AtomicReference<Map<String, Object>> settings = new AtomicReference<>();
		runner.run((context) -> {
			assertThat(context).hasNotFailed();
			settings.set(clientSettings(context));
		});
		return settings.get();
	}

	private static Map<String, Object> clientSettings(ApplicationContext context) {
		Map<String, Object> settings = new LinkedHashMap<>();
		HikariDataSource hikari = context.getBean(HikariDataSource.class);
		settings.put("hikari.maximum-pool-size", hikari.getMaximumPoolSize());
		settings.put("hikari.minimum-idle", hikari.getMinimumIdle());
		settings.put("hikari.connection-timeout", hikari.getConnectionTimeout());
		settings.put("hikari.validation-timeout", hikari.getValidationTimeout());
		settings.put("hikari.keepalive-time", hikari.getKeepaliveTime());
		settings.put("hikari.leak-detection-threshold", hikari.getLeakDetectionThreshold());
		settings.put("hikari.socketTimeout", hikari.getDataSourceProperties().getProperty("socketTimeout"));
		settings.put("hikari.connectTimeout", hikari.getDataSourceProperties().getProperty("connectTimeout"));
		LettuceClientConfiguration lettuce = context.getBean(LettuceConnectionFactory.class).getClientConfiguration();
		ClientOptions options = lettuce.getClientOptions().orElseThrow();
		settings.put("lettuce.command-timeout", lettuce.getCommandTimeout());
		settings.put("lettuce.client-name", lettuce.getClientName().orElse(null));
		settings.put("lettuce.connect-timeout", options.getSocketOptions().getConnectTimeout());
		settings.put("lettuce.keepalive", options.getSocketOptions().getKeepAlive().isEnabled());
		settings.put("lettuce.disconnected-behavior", options.getDisconnectedBehavior());
		settings.put("lettuce.request-queue-size", options.getRequestQueueSize());
		MongoClientSettings mongo = ((MongoClientImpl) context.getBean(MongoClient.class)).getSettings();
		settings.put("mongo.min-size", mongo.getConnectionPoolSettings().getMinSize());
		settings.put("mongo.max-size", mongo.getConnectionPoolSettings().getMaxSize());
		settings.put("mongo.max-wait", mongo.getConnectionPoolSettings().getMaxWaitTime(TimeUnit.MILLISECONDS));
		settings.put("mongo.connect-timeout", mongo.getSocketSettings().getConnectTimeout(TimeUnit.MILLISECONDS));
		settings.put("mongo.read-timeout", mongo.getSocketSettings().getReadTimeout(TimeUnit.MILLISECONDS));
		settings.put("mongo.server-selection-timeout",
				mongo.getClusterSettings().getServerSelectionTimeout(TimeUnit.MILLISECONDS));
		settings.put("mongo.application-name", mongo.getApplicationName());
		settings.put("mongo.write-concern", mongo.getWriteConcern());
		return settings;
	}

}
