package io.github.resilientdb.benchmarks.outage;

import io.github.resilientdb.ResilientDb;

import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.mongodb.core.query.Query;

/** The MongoDB work of a request: one count. */
public class MongoReads {

	private final MongoTemplate mongo;

	MongoReads(MongoTemplate mongo) {
		this.mongo = mongo;
	}

	/**
	 * Counts the documents of one collection.
	 * @return how many there are
	 */
	@ResilientDb(datastore = "mongo")
	public long read() {
		return this.mongo.count(new Query(), "outage-drill");
	}

}
