package io.github.resilientdb.jdbc.pool;

/**
 * A snapshot of a HikariCP pool.
 *
 * @param poolName the pool's name
 * @param active connections lent out to callers
 * @param idle connections waiting in the pool
 * @param pending callers waiting for a connection
 * @param total connections open, active or idle
 * @param maximum the maximum pool size
 * @param minimumIdle the minimum number of idle connections
 */
public record JdbcPoolStats(String poolName, int active, int idle, int pending, int total, int maximum,
		int minimumIdle) {

}
