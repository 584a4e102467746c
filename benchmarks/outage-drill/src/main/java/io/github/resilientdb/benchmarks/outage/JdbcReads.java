package io.github.resilientdb.benchmarks.outage;

import io.github.resilientdb.ResilientDb;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.annotation.Transactional;

/**
 * The PostgreSQL work of a request: an idempotent read-only transaction of three statements, held open for about
 * 20 ms, so that a connection reset lands in the middle of transactions.
 */
public class JdbcReads {

	private final JdbcTemplate jdbc;

	JdbcReads(JdbcTemplate jdbc) {
		this.jdbc = jdbc;
	}

	/**
	 * Reads in one read-only transaction.
	 * @return a constant from the database
	 */
	@ResilientDb(datastore = "jdbc")
	@Transactional(readOnly = true)
	public int read() {
		this.jdbc.queryForObject("select 1", Integer.class);
		this.jdbc.queryForObject("select 1 from pg_sleep(0.02)", Integer.class);
		Integer two = this.jdbc.queryForObject("select 2", Integer.class);
		return (two != null) ? two : 0;
	}

}
