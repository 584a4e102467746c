package io.github.resilientdb.health;

/**
 * The use of a datastore client's connection pool at one moment.
 *
 * @param active connections lent out to callers
 * @param idle connections waiting in the pool
 * @param pending callers waiting for a connection
 * @param max the most connections the pool may open
 * @param multiplexed whether the client shares one connection between all callers (Lettuce without a pool), which
 * is reported as one active connection out of one and never counts as saturated
 */
public record PoolUsage(int active, int idle, int pending, int max, boolean multiplexed) {

	/**
	 * The use of a pool.
	 * @param active connections lent out to callers
	 * @param idle connections waiting in the pool
	 * @param pending callers waiting for a connection
	 * @param max the most connections the pool may open
	 * @return the pool's use
	 */
	public static PoolUsage of(int active, int idle, int pending, int max) {
		return new PoolUsage(active, idle, pending, max, false);
	}

	/**
	 * The use of a single connection shared by all callers.
	 * @return one active connection out of one
	 */
	public static PoolUsage multiplexedConnection() {
		return new PoolUsage(1, 0, 0, 1, true);
	}

	/**
	 * The share of the pool's connections lent out, from 0 to 1; always 0 for a multiplexed connection.
	 * @return the utilisation
	 */
	public double utilisation() {
		if (this.multiplexed || this.max <= 0) {
			return 0;
		}
		return (double) this.active / this.max;
	}

}
