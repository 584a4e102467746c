package io.github.resilientdb.slices;

import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.engine.ResilientDbRegistries;
import io.github.resilientdb.test.server.MongoTestServer;
import org.bson.Document;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.autoconfigure.AutoConfigurationPackage;
import org.springframework.boot.data.mongodb.test.autoconfigure.DataMongoTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code @DataMongoTest} with the starter on the class path, against a wire-protocol server over TCP: the slice
 * starts, and its {@code @ResilientDb} methods run behind the {@code mongo} datastore's policy.
 * The context is closed after the class, so that its clients (and their pool MBeans) do not outlive it.
 */
@DirtiesContext
@DataMongoTest
class DataMongoTestSliceTests {

	private static final MongoTestServer server = MongoTestServer.start();

	@Autowired
	private Visits visits;

	@Autowired
	private ResilientDbRegistries registries;

	@DynamicPropertySource
	static void mongo(DynamicPropertyRegistry registry) {
		registry.add("spring.mongodb.uri", server::connectionString);
	}

	@AfterAll
	static void stopServer() {
		server.close();
	}

	@Test
	void methodRunsBehindTheMongoPolicy() {
		this.visits.record("Leo");
		assertThat(this.visits.count()).isEqualTo(1);
		assertThat(this.registries.circuitBreakers().circuitBreaker("mongo").getMetrics().getNumberOfSuccessfulCalls())
			.isEqualTo(2);
	}

	@Configuration(proxyBeanMethods = false)
	@AutoConfigurationPackage
	static class SliceConfiguration {

		@Bean
		Visits visits(MongoTemplate template) {
			return new Visits(template);
		}

	}

	static class Visits {

		private final MongoTemplate template;

		Visits(MongoTemplate template) {
			this.template = template;
		}

		@ResilientDb
		public void record(String name) {
			this.template.insert(new Document("name", name), "slice_visits");
		}

		@ResilientDb
		public long count() {
			return this.template.getCollection("slice_visits").countDocuments();
		}

	}

}
