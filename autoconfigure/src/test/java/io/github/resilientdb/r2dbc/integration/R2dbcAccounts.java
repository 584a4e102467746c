package io.github.resilientdb.r2dbc.integration;

import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;
import reactor.core.publisher.Mono;

import org.springframework.r2dbc.core.DatabaseClient;

/**
 * Reactive SQL through Spring's {@link DatabaseClient} behind {@code @ResilientDb}, naming no datastore: the
 * {@code r2dbc} datastore is the only one.
 */
class R2dbcAccounts {

	static final String TABLE = "r2dbc_accounts";

	private final DatabaseClient client;

	R2dbcAccounts(DatabaseClient client) {
		this.client = client;
	}

	@ResilientDb(idempotency = Idempotency.IDEMPOTENT)
	public Mono<Long> count() {
		return this.client.sql("SELECT count(*) FROM " + TABLE).map((row) -> row.get(0, Long.class)).one();
	}

	@ResilientDb(idempotency = Idempotency.NOT_IDEMPOTENT)
	public Mono<Long> insert(String email) {
		return this.client.sql("INSERT INTO " + TABLE + " (email) VALUES (:email)")
			.bind("email", email)
			.fetch()
			.rowsUpdated();
	}

}
