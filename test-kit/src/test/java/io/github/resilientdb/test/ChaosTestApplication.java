package io.github.resilientdb.test;

import java.util.Map;

import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;

import org.springframework.boot.SpringBootConfiguration;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.context.annotation.Import;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The application the kit's own tests put under chaos: one service per datastore, each behind {@code @ResilientDb},
 * as a user's application would have.
 */
@SpringBootConfiguration(proxyBeanMethods = false)
@EnableAutoConfiguration
@Import({ ChaosTestApplication.Orders.class, ChaosTestApplication.Counters.class, ChaosTestApplication.Notes.class })
class ChaosTestApplication {

	static final String ORDERS_TABLE = "chaos_kit_orders";

	/** Orders in PostgreSQL; {@code request_id} is deliberately not unique, so a double insert shows. */
	static class Orders {

		private final JdbcTemplate jdbc;

		Orders(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
			jdbc.execute("create table if not exists " + ORDERS_TABLE + " (request_id varchar(64) not null)");
		}

		@ResilientDb(datastore = "jdbc", idempotency = Idempotency.NOT_IDEMPOTENT)
		public void place(String requestId) {
			this.jdbc.update("insert into " + ORDERS_TABLE + " (request_id) values (?)", requestId);
		}

		@ResilientDb(datastore = "jdbc", idempotency = Idempotency.IDEMPOTENT)
		public long count() {
			Long count = this.jdbc.queryForObject("select count(*) from " + ORDERS_TABLE, Long.class);
			return (count != null) ? count : 0;
		}

	}

	/** Counters in Redis. */
	static class Counters {

		private final StringRedisTemplate redis;

		Counters(StringRedisTemplate redis) {
			this.redis = redis;
		}

		@ResilientDb(datastore = "redis", idempotency = Idempotency.IDEMPOTENT)
		public void set(String key, String value) {
			this.redis.opsForValue().set(key, value);
		}

		@ResilientDb(datastore = "redis", idempotency = Idempotency.IDEMPOTENT)
		public String get(String key) {
			return this.redis.opsForValue().get(key);
		}

	}

	/** Notes in MongoDB. */
	static class Notes {

		private final MongoTemplate mongo;

		Notes(MongoTemplate mongo) {
			this.mongo = mongo;
		}

		@ResilientDb(datastore = "mongo", idempotency = Idempotency.IDEMPOTENT)
		public long count() {
			return this.mongo.getCollection("notes").countDocuments();
		}

		@ResilientDb(datastore = "mongo", idempotency = Idempotency.NOT_IDEMPOTENT)
		public void add(String text) {
			this.mongo.getCollection("notes").insertOne(new org.bson.Document(Map.of("text", text)));
		}

	}

}
