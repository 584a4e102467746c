package io.github.resilientdb.mongo.durability;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.github.resilientdb.Durability;
import io.github.resilientdb.autoconfigure.InvalidResilientDbPropertyException;
import io.github.resilientdb.mongo.MongoTestServerExtension;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.Primary;
import org.springframework.core.env.Environment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A durability configuration that would let writes go unacknowledged by default, or make a level weaker than its
 * name, fails the start with an error naming the property.
 */
class DurabilityPropertiesTests {

	@RegisterExtension
	static final MongoTestServerExtension server = new MongoTestServerExtension();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class, DataMongoAutoConfiguration.class,
				MongoResilientDbAutoConfiguration.class));

	@ParameterizedTest(name = "{0}={1}")
	@CsvSource(delimiter = '|', textBlock = """
			default-level            | fire-and-forget | default-level
			critical.w               | 0               | critical.w
			important.w              | 0               | important.w
			bulk.w                   | 0               | bulk.w
			critical.wtimeout        | 0               | critical.wtimeout
			important.wtimeout       | -1s             | important.wtimeout
			fire-and-forget.journal  | true            | fire-and-forget.journal
			bulk.w                   | ' '             | bulk.w
			""")
	void unsafeValueFailsTheStartNamingTheProperty(String key, String value, String reported) {
		this.runner
			.withPropertyValues("spring.mongodb.uri=" + server.connectionString(),
					"resilientdb.mongo.durability." + key + "=" + value)
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidResilientDbPropertyException.class,
						(ex) -> assertThat(ex.getProperty()).isEqualTo("resilientdb.mongo.durability." + reported)));
	}

	@Test
	void unacknowledgedClientWriteConcernAsTheDefaultFailsTheStart() {
		this.runner.withPropertyValues("spring.mongodb.uri=" + server.connectionString() + "?w=0")
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidResilientDbPropertyException.class, (ex) -> {
					assertThat(ex.getProperty()).isEqualTo("resilientdb.mongo.durability.default-level");
					assertThat(ex.getMessage()).contains("{\"w\": 0}").contains("spring.mongodb.uri");
				}));
	}

	@Test
	void unacknowledgedClientWriteConcernIsAllowedBehindAnAcknowledgedDefaultLevel() {
		this.runner
			.withPropertyValues("spring.mongodb.uri=" + server.connectionString() + "?w=0",
					"resilientdb.mongo.durability.default-level=important")
			.run((context) -> assertThat(context).hasNotFailed()
				.getBean(DurabilityWriteConcernResolver.class)
				.satisfies((resolver) -> assertThat(resolver.durability("orders")).isEqualTo(Durability.IMPORTANT)));
	}

	@Test
	void fireAndForgetMayBeConfiguredForACollection() {
		this.runner
			.withPropertyValues("spring.mongodb.uri=" + server.connectionString(),
					"resilientdb.mongo.durability.collections.metrics=fire-and-forget")
			.run((context) -> assertThat(context.getBean(DurabilityWriteConcernResolver.class).durability("metrics"))
				.isEqualTo(Durability.FIRE_AND_FORGET));
	}

	@Test
	void unacknowledgedWriteConcernOfANonPrimaryClientAsTheDefaultShouldFailTheStartNamingTheClient() {
		this.runner.withUserConfiguration(TwoClients.class)
			.withPropertyValues("test.mongo.uri=" + server.connectionString())
			.run((context) -> assertThat(context).getFailure()
				.rootCause()
				.isInstanceOfSatisfying(InvalidResilientDbPropertyException.class, (ex) -> {
					assertThat(ex.getProperty()).isEqualTo("resilientdb.mongo.durability.default-level");
					assertThat(ex.getMessage()).contains("MongoClient 'analyticsMongoClient'").contains("{\"w\": 0}");
				}));
	}

	@Configuration(proxyBeanMethods = false)
	static class TwoClients {

		@Bean(destroyMethod = "close")
		@Primary
		MongoClient mainMongoClient(Environment environment) {
			return MongoClients.create(environment.getRequiredProperty("test.mongo.uri"));
		}

		@Bean(destroyMethod = "close")
		MongoClient analyticsMongoClient(Environment environment) {
			return MongoClients.create(environment.getRequiredProperty("test.mongo.uri") + "?w=0");
		}

	}

}
