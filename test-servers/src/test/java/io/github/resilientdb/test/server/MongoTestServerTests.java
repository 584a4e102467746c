package io.github.resilientdb.test.server;

import io.github.resilientdb.test.proxy.FaultProxy;
import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import com.mongodb.client.MongoCollection;
import org.bson.Document;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link MongoTestServer} stores and finds documents for the real MongoDB sync driver over TCP,
 * directly and through a {@link FaultProxy}.
 */
class MongoTestServerTests {

	@Test
	void insertsAndFindsOverTcp() {
		try (MongoTestServer server = MongoTestServer.start(); MongoClient client = MongoClients.create(
				server.connectionString())) {
			assertThat(server.connectionString()).isEqualTo("mongodb://127.0.0.1:" + server.port() + "/test");
			MongoCollection<Document> orders = client.getDatabase("test").getCollection("orders");

			orders.insertOne(new Document("_id", 1).append("item", "book"));

			assertThat(orders.find(new Document("_id", 1)).first()).containsEntry("item", "book");
		}
	}

	@Test
	void answersThroughAFaultProxy() {
		try (MongoTestServer server = MongoTestServer.start();
				FaultProxy proxy = FaultProxy.to("127.0.0.1", server.port());
				MongoClient client = MongoClients.create("mongodb://127.0.0.1:" + proxy.port() + "/test")) {
			MongoCollection<Document> orders = client.getDatabase("test").getCollection("orders");

			orders.insertOne(new Document("_id", 2).append("item", "pen"));

			assertThat(orders.countDocuments()).isEqualTo(1);
			assertThat(proxy.liveConnections()).isPositive();
		}
	}

}
