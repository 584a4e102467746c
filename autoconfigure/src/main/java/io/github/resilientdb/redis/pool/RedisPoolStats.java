package io.github.resilientdb.redis.pool;

import java.time.Duration;

/**
 * A snapshot of the commons-pool2 pools of a Lettuce connection factory, summed over its pools (Spring Data Redis
 * keeps one per kind of connection, created on first use). Each pool is bounded by {@code maxActive} on its own.
 *
 * @param pools the number of pools created so far
 * @param active connections borrowed right now
 * @param idle connections idle in the pools
 * @param waiters callers waiting for a connection
 * @param maxActive the maximum number of connections of each pool
 * @param maxIdle the maximum number of idle connections of each pool
 * @param minIdle the minimum number of idle connections of each pool
 * @param maxWait the maximum time a caller waits for a connection
 * @param timeBetweenEvictionRuns the interval between runs of the evictor
 * @param created connections opened since the pools were created
 * @param destroyed connections closed since the pools were created
 */
public record RedisPoolStats(int pools, int active, int idle, int waiters, int maxActive, int maxIdle, int minIdle,
		Duration maxWait, Duration timeBetweenEvictionRuns, long created, long destroyed) {

}
