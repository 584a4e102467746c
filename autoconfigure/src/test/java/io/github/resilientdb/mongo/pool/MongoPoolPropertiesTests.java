package io.github.resilientdb.mongo.pool;

import java.util.concurrent.TimeUnit;

import com.mongodb.ReadPreference;
import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;
import io.github.resilientdb.mongo.MongoTestServerExtension;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Unsafe {@code resilientdb.mongo.pool} values fail the start with an error naming the property, among them every
 * zero or negative timeout that the driver would read as "no limit" or "wait forever".
 */
class MongoPoolPropertiesTests {

	@RegisterExtension
	static final MongoTestServerExtension server = new MongoTestServerExtension();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class, MongoResilientDbAutoConfiguration.class))
		.withUserConfiguration(LiveMongoSettings.PoolCapture.class);

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			min-size                 | 60     | min-size
			min-size                 | -1     | min-size
			max-size                 | 0      | max-size
			max-size                 | 5      | min-size
			max-connecting           | 0      | max-connecting
			max-wait                 | 0      | max-wait
			max-wait                 | -1s    | max-wait
			max-idle-time            | 0      | max-idle-time
			max-lifetime             | 0      | max-lifetime
			connect-timeout          | 0      | connect-timeout
			connect-timeout          | 500us  | connect-timeout
			read-timeout             | 0      | read-timeout
			server-selection-timeout | 0      | server-selection-timeout
			server-selection-timeout | -5s    | server-selection-timeout
			heartbeat-frequency      | 100ms  | heartbeat-frequency
			compressors              | lz4    | compressors
			compressors              | zstd   | compressors
			compressors              | snappy | compressors
			read-preference          | fast   | read-preference
			write-concern.w          | 0      | write-concern.w
			write-concern.w          | -1     | write-concern.w
			write-concern.wtimeout   | 0      | write-concern.wtimeout
			""")
	void unsafeValueFailsTheStartNamingTheProperty(String key, String value, String reported) {
		this.runner
			.withPropertyValues("spring.mongodb.uri=" + server.connectionString(),
					"resilientdb.mongo.pool." + key + "=" + value)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidResilientDbPropertyException.class,
						(ex) -> assertThat(ex.getProperty()).isEqualTo("resilientdb.mongo.pool." + reported)));
	}

	@Test
	void missingCompressionLibraryIsNamed() {
		this.runner
			.withPropertyValues("spring.mongodb.uri=" + server.connectionString(),
					"resilientdb.mongo.pool.compressors=zlib,zstd")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.hasMessageContaining("com.github.luben:zstd-jni"));
	}

	@Test
	void tooLongApplicationNameFailsTheStart() {
		this.runner
			.withPropertyValues("spring.mongodb.uri=" + server.connectionString(),
					"resilientdb.mongo.pool.application-name=" + "x".repeat(129))
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidResilientDbPropertyException.class, (ex) -> assertThat(
						ex.getProperty()).isEqualTo("resilientdb.mongo.pool.application-name")));
	}

	@Test
	void readPreferenceAcceptsKebabCase() {
		this.runner
			.withPropertyValues("spring.mongodb.uri=" + server.connectionString(),
					"resilientdb.mongo.pool.read-preference=secondary-preferred")
			.run((context) -> assertThat(LiveMongoSettings.of(context).readPreference())
				.isEqualTo(ReadPreference.secondaryPreferred()));
	}

	@Test
	void writeConcernAcceptsACustomMode() {
		this.runner
			.withPropertyValues("spring.mongodb.uri=" + server.connectionString(),
					"resilientdb.mongo.pool.write-concern.w=multiRegion",
					"resilientdb.mongo.pool.write-concern.journal=false")
			.run((context) -> {
				LiveMongoSettings live = LiveMongoSettings.of(context);
				assertThat(live.writeConcern().getWObject()).isEqualTo("multiRegion");
				assertThat(live.writeConcern().getJournal()).isFalse();
				assertThat(live.writeConcern().getWTimeout(TimeUnit.MILLISECONDS)).isEqualTo(5000);
			});
	}

}
