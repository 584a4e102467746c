package io.github.resilientdb.mongo.durability;

import java.util.List;
import java.util.UUID;

import com.mongodb.MongoServerException;
import io.github.resilientdb.Durability;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.classify.Throwables;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.mongodb.MongoDBContainer;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.dao.DataAccessException;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * The durability levels against a real MongoDB replica set, which, unlike mongo-java-server, honours write concerns:
 * each level's writes go through with the expected write concern on the wire, and a level the replica set cannot
 * satisfy fails the call instead of being silently weakened. Skipped where Docker is not available.
 */
@Testcontainers(disabledWithoutDocker = true)
class DurabilityReplicaSetTests {

	@Container
	static final MongoDBContainer mongo = new MongoDBContainer("mongo:8.0").withReplicaSet();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class, DataMongoAutoConfiguration.class,
				MongoResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class))
		.withUserConfiguration(WireLog.class, LedgerConfiguration.class)
		.withPropertyValues("spring.mongodb.uri=" + mongo.getReplicaSetUrl("test"));

	@Test
	void everyLevelIsAppliedByTheReplicaSet() {
		this.runner.run((context) -> {
			Ledger ledger = context.getBean(Ledger.class);
			WireLog wire = context.getBean(WireLog.class);
			wire.drain();
			assertThat(ledger.critical()).isEqualTo("paid");
			assertWire(wire, DurabilityWriteConcernResolverTests.MAJORITY_JOURNALED);
			assertThat(ledger.important()).isEqualTo("paid");
			assertWire(wire, DurabilityWriteConcernResolverTests.PRIMARY_JOURNALED);
			assertThat(ledger.bulk()).isEqualTo("paid");
			assertWire(wire, DurabilityWriteConcernResolverTests.PRIMARY);
			ledger.fireAndForget();
			assertWire(wire, DurabilityWriteConcernResolverTests.UNACKNOWLEDGED);
		});
	}

	@Test
	void levelTheReplicaSetCannotSatisfyFailsTheCall() {
		this.runner.withPropertyValues("resilientdb.mongo.durability.critical.w=2",
				"resilientdb.mongo.durability.critical.wtimeout=1s")
			.run((context) -> assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> context.getBean(Ledger.class).critical())
				.satisfies((ex) -> assertThat(Throwables.find(ex, MongoServerException.class)).isNotNull()));
	}

	private static void assertWire(WireLog wire, BsonDocument expected) {
		List<WireLog.Write> writes = wire.drain();
		assertThat(writes).extracting(WireLog.Write::command).contains("insert", "update", "delete");
		assertThat(writes).allSatisfy((write) -> assertThat(write.writeConcern()).isEqualTo(expected));
	}

	@Configuration(proxyBeanMethods = false)
	static class LedgerConfiguration {

		@Bean
		Ledger ledger(MongoTemplate template) {
			return new Ledger(template);
		}

	}

	static class Ledger {

		private final MongoTemplate template;

		Ledger(MongoTemplate template) {
			this.template = template;
		}

		@ResilientDb(datastore = "mongo", durability = Durability.CRITICAL, retry = "none")
		public String critical() {
			return writeAndRead();
		}

		@ResilientDb(datastore = "mongo", durability = Durability.IMPORTANT)
		public String important() {
			return writeAndRead();
		}

		@ResilientDb(datastore = "mongo", durability = Durability.BULK)
		public String bulk() {
			return writeAndRead();
		}

		@ResilientDb(datastore = "mongo", durability = Durability.FIRE_AND_FORGET)
		public void fireAndForget() {
			writeAndRead();
		}

		private String writeAndRead() {
			String id = UUID.randomUUID().toString();
			Query byId = Query.query(Criteria.where("_id").is(id));
			this.template.insert(new Document("_id", id).append("state", "new"), "ledger");
			this.template.updateFirst(byId, Update.update("state", "paid"), "ledger");
			Document stored = this.template.findOne(byId, Document.class, "ledger");
			this.template.remove(byId, "ledger");
			return (stored != null) ? stored.getString("state") : null;
		}

	}

}
