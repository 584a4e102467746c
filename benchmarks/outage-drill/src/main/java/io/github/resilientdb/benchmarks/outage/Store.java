package io.github.resilientdb.benchmarks.outage;

/** A datastore the drill breaks, and the application's endpoint that uses it. */
enum Store {

	/** PostgreSQL, through HikariCP and JDBC. */
	JDBC(Store.JDBC_PATH),

	/** Redis, through Lettuce. */
	REDIS(Store.REDIS_PATH),

	/** MongoDB (mongo-java-server), through the MongoDB Java driver. */
	MONGO(Store.MONGO_PATH);

	static final String JDBC_PATH = "/jdbc";

	static final String REDIS_PATH = "/redis";

	static final String MONGO_PATH = "/mongo";

	private final String path;

	Store(String path) {
		this.path = path;
	}

	/** The path of the endpoint that uses this datastore. */
	String path() {
		return this.path;
	}

}
