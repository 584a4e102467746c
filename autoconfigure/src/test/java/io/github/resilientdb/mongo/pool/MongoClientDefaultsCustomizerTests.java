package io.github.resilientdb.mongo.pool;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.stream.Stream;

import com.mongodb.ConnectionString;
import com.mongodb.MongoClientSettings;
import com.mongodb.ReadPreference;
import io.github.resilientdb.mongo.MongoTestServerExtension;
import io.github.resilientdb.mongo.autoconfigure.MongoPoolProperties;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoClientSettingsBuilderCustomizer;
import org.springframework.boot.mongodb.autoconfigure.StandardMongoClientSettingsBuilderCustomizer;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every pool and client default reaches the live client; a {@code resilientdb.mongo.pool} property replaces it; an
 * option of {@code spring.mongodb.uri} wins over both, key by key. Each key gets distinct values per source
 * (default, property, URI), so the value read back from the live client tells which source won.
 */
class MongoClientDefaultsCustomizerTests {

	@RegisterExtension
	static final MongoTestServerExtension server = new MongoTestServerExtension();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class, MongoResilientDbAutoConfiguration.class))
		.withUserConfiguration(LiveMongoSettings.PoolCapture.class)
		.withPropertyValues("spring.application.name=orders");

	static Stream<Key> keys() {
		return Stream.of(
				new Key("min-size", (live) -> live.pool().getMinSize(), 10, "3", 3, "minPoolSize=4", 4),
				new Key("max-size", (live) -> live.pool().getMaxSize(), 50, "40", 40, "maxPoolSize=12", 12),
				new Key("max-connecting", (live) -> live.pool().getMaxConnecting(), 2, "3", 3, "maxConnecting=4", 4),
				new Key("max-wait", (live) -> live.pool().getMaxWaitTime(TimeUnit.MILLISECONDS), 1000L, "1500ms",
						1500L, "waitQueueTimeoutMS=1200", 1200L),
				new Key("max-idle-time", (live) -> live.pool().getMaxConnectionIdleTime(TimeUnit.MILLISECONDS),
						30000L, "45s", 45000L, "maxIdleTimeMS=1300", 1300L),
				new Key("max-lifetime", (live) -> live.pool().getMaxConnectionLifeTime(TimeUnit.MILLISECONDS),
						1800000L, "10m", 600000L, "maxLifeTimeMS=1400", 1400L),
				new Key("connect-timeout", (live) -> live.timeouts().getConnectTimeoutMS(), 2000L, "3s", 3000L,
						"connectTimeoutMS=1500", 1500L),
				new Key("read-timeout", (live) -> live.timeouts().getReadTimeoutMS(), 2000L, "20s", 20000L,
						"socketTimeoutMS=1600", 1600L),
				new Key("server-selection-timeout", (live) -> live.timeouts().getServerSelectionTimeoutMS(), 2000L,
						"4s", 4000L, "serverSelectionTimeoutMS=1700", 1700L),
				new Key("operation-timeout", (live) -> live.timeouts().getTimeoutMS(), null, "3s", 3000L,
						"timeoutMS=1500", 1500L),
				new Key("heartbeat-frequency", LiveMongoSettings::heartbeatFrequencyMs, 10000L, "5s", 5000L,
						"heartbeatFrequencyMS=1800", 1800L),
				new Key("retry-reads", LiveMongoSettings::retryReads, true, "false", false, "retryReads=false", false)
					.withUriOverProperty("retryReads=true", true),
				new Key("retry-writes", LiveMongoSettings::retryWrites, true, "false", false, "retryWrites=false",
						false)
					.withUriOverProperty("retryWrites=true", true),
				new Key("application-name", LiveMongoSettings::applicationName, "orders", "billing", "billing",
						"appName=shipping", "shipping"),
				new Key("compressors", LiveMongoSettings::compressors, List.of(), "zlib", List.of("zlib"),
						"compressors=zlib&zlibCompressionLevel=1", List.of("zlib(level 1)")),
				new Key("read-preference", LiveMongoSettings::readPreference, ReadPreference.primary(),
						"secondaryPreferred", ReadPreference.secondaryPreferred(), "readPreference=nearest",
						ReadPreference.nearest()),
				new Key("write-concern.w", (live) -> live.writeConcern().getWObject(), "majority", "1", 1, "w=2", 2),
				new Key("write-concern.journal", (live) -> live.writeConcern().getJournal(), true, "false", false,
						"journal=false", false)
					.withUriOverProperty("journal=true", true),
				new Key("write-concern.wtimeout",
						(live) -> live.writeConcern().getWTimeout(TimeUnit.MILLISECONDS), 5000, "3s", 3000,
						"wtimeoutMS=1900", 1900));
	}

	@Test
	void keysCoverEveryPoolProperty() {
		List<String> properties = new ArrayList<>();
		for (Field field : MongoPoolProperties.Pool.class.getDeclaredFields()) {
			properties.add(field.getName().replaceAll("([a-z])([A-Z])", "$1-$2").toLowerCase());
		}
		List<String> keys = keys().map((key) -> key.name().replaceAll("\\..*", "")).distinct().toList();
		assertThat(keys).containsExactlyInAnyOrderElementsOf(properties);
	}

	@Test
	void everyDefaultReachesTheLiveClient() {
		this.runner.withPropertyValues("spring.mongodb.uri=" + server.connectionString()).run((context) -> {
			LiveMongoSettings live = LiveMongoSettings.of(context);
			keys().forEach((key) -> assertThat(key.read().apply(live)).as(key.name()).isEqualTo(key.ourDefault()));
		});
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("keys")
	void propertyReplacesTheDefault(Key key) {
		this.runner
			.withPropertyValues("spring.mongodb.uri=" + server.connectionString(),
					"resilientdb.mongo.pool." + key.name() + "=" + key.property())
			.run((context) -> assertThat(key.read().apply(LiveMongoSettings.of(context)))
				.isEqualTo(key.propertyValue()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("keys")
	void uriOptionWinsOverTheDefault(Key key) {
		this.runner.withPropertyValues("spring.mongodb.uri=" + server.connectionString() + "?" + key.uri())
			.run((context) -> assertThat(key.read().apply(LiveMongoSettings.of(context))).isEqualTo(key.uriValue()));
	}

	@ParameterizedTest(name = "{0}")
	@MethodSource("keys")
	void uriOptionWinsOverTheProperty(Key key) {
		this.runner
			.withPropertyValues("spring.mongodb.uri=" + server.connectionString() + "?" + key.uriOverProperty(),
					"resilientdb.mongo.pool." + key.name() + "=" + key.property())
			.run((context) -> assertThat(key.read().apply(LiveMongoSettings.of(context)))
				.isEqualTo(key.uriOverPropertyValue()));
	}

	@Test
	void settingsOfTheApplicationsMongoClientSettingsBeanWin() {
		this.runner.withPropertyValues("spring.mongodb.uri=" + server.connectionString())
			.withBean(MongoClientSettings.class,
					() -> MongoClientSettings.builder()
						.applyConnectionString(new ConnectionString(server.connectionString()))
						.applyToConnectionPoolSettings(
								(pool) -> pool.maxSize(8).maxWaitTime(900, TimeUnit.MILLISECONDS))
						.applyToSocketSettings((socket) -> socket.readTimeout(700, TimeUnit.MILLISECONDS))
						.readPreference(ReadPreference.secondary())
						.build())
			.run((context) -> {
				LiveMongoSettings live = LiveMongoSettings.of(context);
				assertThat(live.pool().getMaxSize()).isEqualTo(8);
				assertThat(live.pool().getMinSize()).as("the default minimum, lowered to the maximum").isEqualTo(8);
				assertThat(live.pool().getMaxWaitTime(TimeUnit.MILLISECONDS)).isEqualTo(900);
				assertThat(live.timeouts().getReadTimeoutMS()).isEqualTo(700);
				assertThat(live.readPreference()).isEqualTo(ReadPreference.secondary());
				assertThat(live.timeouts().getConnectTimeoutMS()).as("untouched keys keep our default").isEqualTo(2000);
			});
	}

	@Test
	void settingsOfACustomizerOrderedEarlierWin() {
		this.runner.withPropertyValues("spring.mongodb.uri=" + server.connectionString())
			.withUserConfiguration(EarlyCustomizer.class)
			.run((context) -> {
				LiveMongoSettings live = LiveMongoSettings.of(context);
				assertThat(live.timeouts().getServerSelectionTimeoutMS()).isEqualTo(2500);
				assertThat(live.pool().getMaxConnecting()).isEqualTo(5);
				assertThat(live.pool().getMaxSize()).isEqualTo(50);
			});
	}

	@Test
	void settingsOfACustomizerOrderedLaterWin() {
		this.runner.withPropertyValues("spring.mongodb.uri=" + server.connectionString())
			.withBean("lateCustomizer", MongoClientSettingsBuilderCustomizer.class,
					() -> (builder) -> builder.applyToConnectionPoolSettings((pool) -> pool.maxSize(9).minSize(1)))
			.run((context) -> {
				LiveMongoSettings live = LiveMongoSettings.of(context);
				assertThat(live.pool().getMaxSize()).isEqualTo(9);
				assertThat(live.pool().getMinSize()).isEqualTo(1);
			});
	}

	@Test
	void uriMaximumBelowTheDefaultMinimumLowersTheMinimum() {
		this.runner.withPropertyValues("spring.mongodb.uri=" + server.connectionString() + "?maxPoolSize=5")
			.run((context) -> {
				LiveMongoSettings live = LiveMongoSettings.of(context);
				assertThat(live.pool().getMaxSize()).isEqualTo(5);
				assertThat(live.pool().getMinSize()).isEqualTo(5);
			});
	}

	@Test
	void uriMinimumAboveTheDefaultMaximumRaisesTheMaximum() {
		this.runner.withPropertyValues("spring.mongodb.uri=" + server.connectionString() + "?minPoolSize=60")
			.run((context) -> {
				LiveMongoSettings live = LiveMongoSettings.of(context);
				assertThat(live.pool().getMinSize()).isEqualTo(60);
				assertThat(live.pool().getMaxSize()).isEqualTo(60);
			});
	}

	@Test
	void applicationNameIsUnsetWithoutSpringApplicationName() {
		new ApplicationContextRunner()
			.withConfiguration(
					AutoConfigurations.of(MongoAutoConfiguration.class, MongoResilientDbAutoConfiguration.class))
			.withUserConfiguration(LiveMongoSettings.PoolCapture.class)
			.withPropertyValues("spring.mongodb.uri=" + server.connectionString())
			.run((context) -> assertThat(LiveMongoSettings.of(context).applicationName()).isNull());
	}

	@Test
	void runWhenDisabledShouldLeaveTheDriverDefaults() {
		this.runner.withPropertyValues("spring.mongodb.uri=" + server.connectionString(), "resilientdb.enabled=false")
			.run((context) -> {
				assertThat(context).doesNotHaveBean(MongoClientDefaultsCustomizer.class);
				LiveMongoSettings live = LiveMongoSettings.of(context);
				assertThat(live.pool().getMaxWaitTime(TimeUnit.MILLISECONDS)).isEqualTo(120_000);
				assertThat(live.timeouts().getReadTimeoutMS()).isZero();
			});
	}

	@Test
	void customizerRunsBeforeSpringBootsStandardCustomizer() {
		this.runner.withPropertyValues("spring.mongodb.uri=" + server.connectionString()).run((context) -> {
			assertThat(context.getBean(MongoClientDefaultsCustomizer.class).getOrder()).isNegative();
			assertThat(context.getBean(StandardMongoClientSettingsBuilderCustomizer.class).getOrder()).isZero();
		});
	}

	@Test
	void applicationsOwnCustomizerBeanReplacesOurs() {
		this.runner.withPropertyValues("spring.mongodb.uri=" + server.connectionString())
			.withBean(MongoClientDefaultsCustomizer.class,
					() -> new MongoClientDefaultsCustomizer(MongoClientSettings.builder().build(), () -> null))
			.run((context) -> assertThat(
					LiveMongoSettings.of(context).pool().getMaxWaitTime(TimeUnit.MILLISECONDS))
				.isEqualTo(120_000));
	}

	/**
	 * A key of {@code resilientdb.mongo.pool}, how to read it back from the live client, and its value from each
	 * source.
	 */
	record Key(String name, Function<LiveMongoSettings, Object> read, Object ourDefault, String property,
			Object propertyValue, String uri, Object uriValue, String uriOverProperty, Object uriOverPropertyValue) {

		Key(String name, Function<LiveMongoSettings, Object> read, Object ourDefault, String property,
				Object propertyValue, String uri, Object uriValue) {
			this(name, read, ourDefault, property, propertyValue, uri, uriValue, uri, uriValue);
		}

		Key withUriOverProperty(String uri, Object value) {
			return new Key(this.name, this.read, this.ourDefault, this.property, this.propertyValue, this.uri,
					this.uriValue, uri, value);
		}

		@Override
		public String toString() {
			return this.name;
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class EarlyCustomizer {

		@Bean
		MongoClientSettingsBuilderCustomizer earlyCustomizer() {
			return new OrderedCustomizer();
		}

	}

	static class OrderedCustomizer implements MongoClientSettingsBuilderCustomizer, Ordered {

		@Override
		public void customize(MongoClientSettings.Builder builder) {
			builder.applyToClusterSettings((cluster) -> cluster.serverSelectionTimeout(2500, TimeUnit.MILLISECONDS))
				.applyToConnectionPoolSettings((pool) -> pool.maxConnecting(5));
		}

		@Override
		public int getOrder() {
			return Ordered.HIGHEST_PRECEDENCE;
		}

	}

}
