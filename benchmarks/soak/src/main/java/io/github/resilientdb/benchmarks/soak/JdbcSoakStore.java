package io.github.resilientdb.benchmarks.soak;

import io.github.resilientdb.Idempotency;
import io.github.resilientdb.ResilientDb;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The soak workload on PostgreSQL or MariaDB: auto-committed inserts into {@code soak_once} (whose
 * {@code request_id} is not unique, so a double insert shows), upserts into {@code soak_upsert}, reads by key.
 */
class JdbcSoakStore implements SoakStore {

	static final String ONCE_TABLE = "soak_once";

	private final JdbcTemplate jdbc;

	private final String upsertSql;

	JdbcSoakStore(JdbcTemplate jdbc, boolean postgres) {
		this.jdbc = jdbc;
		jdbc.execute("create table if not exists " + ONCE_TABLE + " (request_id varchar(64) not null)");
		jdbc.execute("create table if not exists soak_upsert (id varchar(64) primary key)");
		this.upsertSql = postgres ? "insert into soak_upsert (id) values (?) on conflict (id) do nothing"
				: "insert ignore into soak_upsert (id) values (?)";
	}

	@Override
	@ResilientDb(datastore = "jdbc", idempotency = Idempotency.NOT_IDEMPOTENT)
	public void writeOnce(String id) {
		this.jdbc.update("insert into " + ONCE_TABLE + " (request_id) values (?)", id);
	}

	@Override
	@ResilientDb(datastore = "jdbc", idempotency = Idempotency.IDEMPOTENT)
	public void upsert(String id) {
		this.jdbc.update(this.upsertSql, id);
	}

	@Override
	@ResilientDb(datastore = "jdbc", idempotency = Idempotency.IDEMPOTENT)
	public boolean read(String id) {
		Integer count = this.jdbc.queryForObject("select count(*) from soak_upsert where id = ?", Integer.class, id);
		return count != null && count > 0;
	}

}
