package io.github.resilientdb.mongo.durability;

import java.util.List;
import java.util.Map;
import java.util.UUID;

import com.mongodb.WriteConcern;
import io.github.resilientdb.Durability;
import io.github.resilientdb.ResilientDb;
import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.mongo.MongoTestServerExtension;
import io.github.resilientdb.mongo.autoconfigure.MongoResilientDbAutoConfiguration;
import org.bson.BsonDocument;
import org.bson.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration;
import org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoAction;
import org.springframework.data.mongodb.core.MongoActionOperation;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Criteria;
import org.springframework.data.mongodb.core.query.Query;
import org.springframework.data.mongodb.core.query.Update;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/**
 * The write concern of each {@code MongoTemplate} write, as the driver sends it over TCP to a real server
 * (mongo-java-server ignores write concerns, so the command on the wire is the proof): the durability of the calling
 * {@code @ResilientDb} method first, then the collection's, then the default level, then the client's own.
 */
class DurabilityWriteConcernResolverTests {

	static final BsonDocument MAJORITY_JOURNALED = BsonDocument.parse("{w: 'majority', j: true, wtimeout: 5000}");

	static final BsonDocument PRIMARY_JOURNALED = BsonDocument.parse("{w: 1, j: true}");

	static final BsonDocument PRIMARY = BsonDocument.parse("{w: 1}");

	static final BsonDocument UNACKNOWLEDGED = BsonDocument.parse("{w: 0}");

	private static final List<String> CLIENT_DEFAULT_W1 = List.of("resilientdb.mongo.pool.write-concern.w=1",
			"resilientdb.mongo.pool.write-concern.journal=false");

	@RegisterExtension
	static final MongoTestServerExtension server = new MongoTestServerExtension();

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(MongoAutoConfiguration.class, DataMongoAutoConfiguration.class,
				MongoResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class))
		.withUserConfiguration(WireLog.class, OrdersConfiguration.class);

	@Test
	void criticalMethodSendsMajorityJournaledWithTimeout() {
		assertWire(CLIENT_DEFAULT_W1, (orders, writes) -> orders.critical(writes.all("orders")), MAJORITY_JOURNALED);
	}

	@Test
	void clientDefaultOfTheCriticalTestDiffersFromCritical() {
		assertWire(CLIENT_DEFAULT_W1, (orders, writes) -> writes.all("orders").run(),
				BsonDocument.parse("{w: 1, j: false, wtimeout: 5000}"));
	}

	@Test
	void importantMethodSendsPrimaryJournaled() {
		assertWire((orders, writes) -> orders.important(writes.all("orders")), PRIMARY_JOURNALED);
	}

	@Test
	void bulkMethodSendsPrimaryOnly() {
		assertWire((orders, writes) -> orders.bulk(writes.all("orders")), PRIMARY);
	}

	@Test
	void fireAndForgetMethodSendsUnacknowledged() {
		assertWire((orders, writes) -> orders.fireAndForget(writes.insert("orders")), UNACKNOWLEDGED);
	}

	@Test
	void collectionConfiguredAsFireAndForgetSendsUnacknowledged() {
		assertWire(List.of("resilientdb.mongo.durability.collections.metrics=fire-and-forget"),
				(orders, writes) -> writes.insert("metrics").run(), UNACKNOWLEDGED);
	}

	@Test
	void otherCollectionsKeepTheDefaultWhenOneIsFireAndForget() {
		assertWire(List.of("resilientdb.mongo.durability.collections.metrics=fire-and-forget"),
				(orders, writes) -> writes.all("orders").run(), MAJORITY_JOURNALED);
	}

	@Test
	void defaultSendsTheClientsWriteConcern() {
		assertWire((orders, writes) -> writes.all("orders").run(), MAJORITY_JOURNALED);
	}

	@Test
	void defaultMethodSendsTheClientsWriteConcern() {
		assertWire((orders, writes) -> orders.defaultDurability(writes.all("orders")), MAJORITY_JOURNALED);
	}

	@Test
	void defaultFollowsTheWriteConcernOfTheUri() {
		assertWire(List.of("spring.mongodb.uri=" + server.connectionString() + "?w=2&journal=false"),
				(orders, writes) -> writes.all("orders").run(), BsonDocument.parse("{w: 2, j: false}"));
	}

	@Test
	void methodLevelsIgnoreTheWriteConcernOfTheUri() {
		assertWire(List.of("spring.mongodb.uri=" + server.connectionString() + "?w=2&journal=false"),
				(orders, writes) -> orders.critical(writes.all("orders")), MAJORITY_JOURNALED);
	}

	@Test
	void methodDurabilityWinsOverTheCollections() {
		assertWire(List.of("resilientdb.mongo.durability.collections.metrics=fire-and-forget"),
				(orders, writes) -> orders.critical(writes.all("metrics")), MAJORITY_JOURNALED);
	}

	@Test
	void collectionDurabilityWinsOverTheDefaultLevel() {
		assertWire(List.of("resilientdb.mongo.durability.default-level=bulk",
				"resilientdb.mongo.durability.collections.payments=critical"),
				(orders, writes) -> writes.all("payments").run(), MAJORITY_JOURNALED);
	}

	@Test
	void defaultLevelAppliesToUnconfiguredCollections() {
		assertWire(List.of("resilientdb.mongo.durability.default-level=bulk",
				"resilientdb.mongo.durability.collections.payments=critical"),
				(orders, writes) -> writes.all("orders").run(), PRIMARY);
	}

	@Test
	void levelsAreConfigurable() {
		assertWire(
				List.of("resilientdb.mongo.durability.important.w=2",
						"resilientdb.mongo.durability.important.wtimeout=2s"),
				(orders, writes) -> orders.important(writes.all("orders")),
				BsonDocument.parse("{w: 2, j: true, wtimeout: 2000}"));
	}

	@Test
	void nestedMethodsUseTheInnermostDurability() {
		assertWire((orders, writes) -> orders.critical(() -> orders.bulk(writes.all("orders"))), PRIMARY);
	}

	@Test
	void resolvesOutsideAnyMethodFromCollectionThenDefault() {
		DurabilityWriteConcernResolver resolver = new DurabilityWriteConcernResolver(levels(),
				Map.of("metrics", Durability.FIRE_AND_FORGET, "orders", Durability.DEFAULT), Durability.IMPORTANT);
		assertThat(resolver.durability("metrics")).isEqualTo(Durability.FIRE_AND_FORGET);
		assertThat(resolver.durability("orders")).isEqualTo(Durability.IMPORTANT);
		assertThat(resolver.durability("other")).isEqualTo(Durability.IMPORTANT);
		assertThat(resolver.resolve(action("metrics", WriteConcern.W3))).isEqualTo(WriteConcern.UNACKNOWLEDGED);
		assertThat(resolver.resolve(action("other", WriteConcern.W3))).isEqualTo(WriteConcern.JOURNALED.withW(1));
	}

	@Test
	void defaultKeepsTheTemplatesOwnWriteConcern() {
		DurabilityWriteConcernResolver resolver = new DurabilityWriteConcernResolver(levels(), Map.of(),
				Durability.DEFAULT);
		assertThat(resolver.resolve(action("orders", WriteConcern.W3))).isEqualTo(WriteConcern.W3);
		assertThat(resolver.resolve(action("orders", null))).isNull();
	}

	@Test
	void fireAndForgetIsNeverTheDefault() {
		assertThatIllegalArgumentException()
			.isThrownBy(() -> new DurabilityWriteConcernResolver(levels(), Map.of(), Durability.FIRE_AND_FORGET));
	}

	@Test
	void everyLevelNeedsAWriteConcern() {
		assertThatIllegalArgumentException().isThrownBy(() -> new DurabilityWriteConcernResolver(
				Map.of(Durability.CRITICAL, WriteConcern.MAJORITY), Map.of(), Durability.DEFAULT));
	}

	private static Map<Durability, WriteConcern> levels() {
		return Map.of(Durability.CRITICAL, WriteConcern.MAJORITY, Durability.IMPORTANT,
				WriteConcern.JOURNALED.withW(1), Durability.BULK, WriteConcern.W1, Durability.FIRE_AND_FORGET,
				WriteConcern.UNACKNOWLEDGED);
	}

	private static MongoAction action(String collection, WriteConcern defaultWriteConcern) {
		return new MongoAction(defaultWriteConcern, MongoActionOperation.INSERT, collection, Document.class,
				new Document(), new Document());
	}

	private void assertWire(OrdersCall call, BsonDocument expected) {
		assertWire(List.of(), call, expected);
	}

	/**
	 * Runs the writes of a call and asserts that every write command sent carries the expected write concern. An
	 * unacknowledged call makes a single insert: mongo-java-server does not support unacknowledged messages (OP_MSG
	 * moreToCome) and drops the connection after one.
	 */
	private void assertWire(List<String> properties, OrdersCall call, BsonDocument expected) {
		this.runner.withPropertyValues("spring.mongodb.uri=" + server.connectionString())
			.withPropertyValues(properties.toArray(String[]::new))
			.run((context) -> {
				WireLog wire = context.getBean(WireLog.class);
				Writes writes = new Writes(context.getBean(MongoTemplate.class));
				wire.drain();
				call.call(context.getBean(Orders.class), writes);
				List<WireLog.Write> sent = wire.drain();
				assertThat(sent).extracting(WireLog.Write::command)
					.containsExactlyElementsOf(expected.equals(UNACKNOWLEDGED) ? List.of("insert")
							: List.of("insert", "update", "delete"));
				assertThat(sent).allSatisfy((write) -> assertThat(write.writeConcern()).isEqualTo(expected));
			});
	}

	@FunctionalInterface
	interface OrdersCall {

		void call(Orders orders, Writes writes);

	}

	/**
	 * Writes made through the application's {@link MongoTemplate}.
	 */
	record Writes(MongoTemplate template) {

		/**
		 * Inserts a document, updates it and deletes it.
		 */
		Runnable all(String collection) {
			return () -> {
				String id = UUID.randomUUID().toString();
				this.template.insert(new Document("_id", id).append("state", "new"), collection);
				this.template.updateFirst(Query.query(Criteria.where("_id").is(id)), Update.update("state", "paid"),
						collection);
				this.template.remove(Query.query(Criteria.where("_id").is(id)), collection);
			};
		}

		/**
		 * Inserts a document.
		 */
		Runnable insert(String collection) {
			return () -> this.template.insert(new Document("state", "new"), collection);
		}

	}

	@Configuration(proxyBeanMethods = false)
	static class OrdersConfiguration {

		@Bean
		Orders orders() {
			return new Orders();
		}

	}

	/**
	 * Runs the writes it is given at the durability of the method.
	 */
	static class Orders {

		@ResilientDb(datastore = "mongo", durability = Durability.CRITICAL)
		public void critical(Runnable writes) {
			writes.run();
		}

		@ResilientDb(datastore = "mongo", durability = Durability.IMPORTANT)
		public void important(Runnable writes) {
			writes.run();
		}

		@ResilientDb(datastore = "mongo", durability = Durability.BULK)
		public void bulk(Runnable writes) {
			writes.run();
		}

		@ResilientDb(datastore = "mongo", durability = Durability.FIRE_AND_FORGET)
		public void fireAndForget(Runnable writes) {
			writes.run();
		}

		@ResilientDb(datastore = "mongo")
		public void defaultDurability(Runnable writes) {
			writes.run();
		}

	}

}
