package io.github.resilientdb.benchmarks.throughput;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The workload per store, twice: a plain bean (not proxied) and a subclass whose method is behind
 * {@code @ResilientDb} (a CGLIB proxy of resilient-db's advisor); both call the same client beans of the same
 * application, so the annotation is the only difference.
 */
final class Targets {

	private static final int KEYS = 1000;

	private Targets() {
	}

	/** Primary-key reads and upserts of {@code tp_rows} on PostgreSQL. */
	static class Jdbc implements Workload {

		private final JdbcTemplate jdbc;

		Jdbc(JdbcTemplate jdbc) {
			this.jdbc = jdbc;
		}

		void createTable() {
			this.jdbc.execute("create table if not exists tp_rows (id int primary key, v bigint not null)");
		}

		@Override
		public void call(long n) {
			int key = (int) (n % KEYS);
			if ((n & 1) == 0) {
				this.jdbc.queryForList("select v from tp_rows where id = ?", Long.class, key);
			}
			else {
				this.jdbc.update("insert into tp_rows (id, v) values (?, ?) on conflict (id) do update set v = excluded.v",
						key, n);
			}
		}

	}

	/** The same, behind {@code @ResilientDb}. */
	static class ResilientJdbc extends Jdbc {

		ResilientJdbc(JdbcTemplate jdbc) {
			super(jdbc);
		}

		@Override
		@ResilientDb(datastore = "jdbc", idempotency = Idempotency.IDEMPOTENT)
		public void call(long n) {
			super.call(n);
		}

	}

	/** {@code GET} and {@code SET} on Redis. */
	static class Redis implements Workload {

		private final StringRedisTemplate redis;

		Redis(StringRedisTemplate redis) {
			this.redis = redis;
		}

		@Override
		public void call(long n) {
			String key = "tp:" + (n % KEYS);
			if ((n & 1) == 0) {
				this.redis.opsForValue().get(key);
			}
			else {
				this.redis.opsForValue().set(key, Long.toString(n));
			}
		}

	}

	/** The same, behind {@code @ResilientDb}. */
	static class ResilientRedis extends Redis {

		ResilientRedis(StringRedisTemplate redis) {
			super(redis);
		}

		@Override
		@ResilientDb(datastore = "redis", idempotency = Idempotency.IDEMPOTENT)
		public void call(long n) {
			super.call(n);
		}

	}

	/** {@code find} by {@code _id} and {@code replaceOne(upsert)} on MongoDB. */
	static class Mongo implements Workload {

		private final MongoTemplate mongo;

		Mongo(MongoTemplate mongo) {
			this.mongo = mongo;
		}

		@Override
		public void call(long n) {
			MongoCollection<Document> collection = this.mongo.getCollection("tp_docs");
			long key = n % KEYS;
			if ((n & 1) == 0) {
				collection.find(Filters.eq("_id", key)).first();
			}
			else {
				collection.replaceOne(Filters.eq("_id", key), new Document("_id", key).append("v", n),
						new ReplaceOptions().upsert(true));
			}
		}

	}

	/** The same, behind {@code @ResilientDb}. */
	static class ResilientMongo extends Mongo {

		ResilientMongo(MongoTemplate mongo) {
			super(mongo);
		}

		@Override
		@ResilientDb(datastore = "mongo", idempotency = Idempotency.IDEMPOTENT)
		public void call(long n) {
			super.call(n);
		}

	}

}
