package io.github.resilientdb.benchmarks.soak;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoClients;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import org.bson.Document;

/**
 * What a server holds after the soak, read directly (never through the proxy): how many times each not-idempotent
 * write is there, and which idempotent writes are.
 *
 * @param onceCounts not-idempotent write id to how many times it was applied
 * @param upserted ids of the idempotent writes present
 */
record AppliedWrites(Map<String, Long> onceCounts, Set<String> upserted) {

	static AppliedWrites jdbc(String url, String user, String password) {
		Map<String, Long> counts = new HashMap<>();
		Set<String> upserted = new HashSet<>();
		try (Connection connection = DriverManager.getConnection(url, user, password);
				Statement statement = connection.createStatement()) {
			try (ResultSet rows = statement.executeQuery(
					"select request_id, count(*) from " + JdbcSoakStore.ONCE_TABLE + " group by request_id")) {
				while (rows.next()) {
					counts.put(rows.getString(1), rows.getLong(2));
				}
			}
			try (ResultSet rows = statement.executeQuery("select id from soak_upsert")) {
				while (rows.next()) {
					upserted.add(rows.getString(1));
				}
			}
		}
		catch (SQLException ex) {
			throw new IllegalStateException("Could not read the soak's writes from " + url, ex);
		}
		return new AppliedWrites(counts, upserted);
	}

	static AppliedWrites redis(int port) {
		RedisClient client = RedisClient.create(RedisURI.create("127.0.0.1", port));
		try (StatefulRedisConnection<String, String> connection = client.connect()) {
			Map<String, Long> counts = new HashMap<>();
			for (String id : connection.sync().lrange(RedisSoakStore.ONCE_KEY, 0, -1)) {
				counts.merge(id, 1L, Long::sum);
			}
			return new AppliedWrites(counts, new HashSet<>(connection.sync().smembers(RedisSoakStore.UPSERT_KEY)));
		}
		finally {
			client.shutdown();
		}
	}

	static AppliedWrites mongo(String connectionString) {
		try (MongoClient client = MongoClients.create(connectionString)) {
			var database = client.getDatabase("soak");
			Map<String, Long> counts = new HashMap<>();
			for (Document document : database.getCollection(MongoSoakStore.ONCE_COLLECTION).find()) {
				counts.merge(document.getString("rid"), 1L, Long::sum);
			}
			Set<String> upserted = new HashSet<>();
			for (Document document : database.getCollection(MongoSoakStore.UPSERT_COLLECTION).find()) {
				upserted.add(document.getString("_id"));
			}
			return new AppliedWrites(counts, upserted);
		}
	}

}
