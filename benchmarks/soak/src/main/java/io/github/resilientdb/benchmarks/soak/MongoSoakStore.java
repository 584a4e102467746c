package io.github.resilientdb.benchmarks.soak;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.ReplaceOptions;
import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import org.bson.Document;

import org.springframework.data.mongodb.core.MongoTemplate;

/**
 * The soak workload on MongoDB: {@code insertOne} into {@code soak_once} (a new {@code _id} each time, so a double
 * insert shows), {@code replaceOne(upsert)} into {@code soak_upsert}, {@code find} by {@code _id}.
 */
class MongoSoakStore implements SoakStore {

	static final String ONCE_COLLECTION = "soak_once";

	static final String UPSERT_COLLECTION = "soak_upsert";

	private final MongoTemplate mongo;

	MongoSoakStore(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	@Override
	@ResilientDb(datastore = "mongo", idempotency = Idempotency.NOT_IDEMPOTENT)
	public void writeOnce(String id) {
		this.mongo.getCollection(ONCE_COLLECTION).insertOne(new Document("rid", id));
	}

	@Override
	@ResilientDb(datastore = "mongo", idempotency = Idempotency.IDEMPOTENT)
	public void upsert(String id) {
		this.mongo.getCollection(UPSERT_COLLECTION)
			.replaceOne(Filters.eq("_id", id), new Document("_id", id), new ReplaceOptions().upsert(true));
	}

	@Override
	@ResilientDb(datastore = "mongo", idempotency = Idempotency.IDEMPOTENT)
	public boolean read(String id) {
		return this.mongo.getCollection(UPSERT_COLLECTION).find(Filters.eq("_id", id)).first() != null;
	}

}
