package io.github.resilientdb.actuate;

/**
 * The connection pool of one datastore's client, as the {@code resilientdb} endpoint shows and resizes it. One is
 * contributed per datastore whose client has a pool the starter can read: the single or primary client's as a bean,
 * the other clients' through {@link ClientDatastorePools}.
 */
public interface DatastorePool {

	/**
	 * The datastore whose client owns this pool ({@code jdbc}, {@code mongo}, {@code redis}, or the bean name of a
	 * further client).
	 * @return the datastore name
	 */
	String datastore();

	/**
	 * The pool's current state, read from memory without any I/O. Never holds credentials.
	 * @return a snapshot the endpoint serializes as it is
	 */
	Object stats();

	/**
	 * The pool's current size.
	 * @return the size
	 * @throws UnsupportedOperationException if the pool cannot be resized at runtime, with the reason
	 */
	default PoolSize size() {
		throw new UnsupportedOperationException(
				"The connection pool of datastore '" + datastore() + "' cannot be resized at runtime");
	}

	/**
	 * Resizes the pool.
	 * @param size the new size, already checked to be consistent
	 * @throws UnsupportedOperationException if the pool cannot be resized at runtime, with the reason
	 * @throws IllegalStateException if the pool cannot be reached
	 */
	default void resize(PoolSize size) {
		size();
	}

	/**
	 * The size of a pool.
	 *
	 * @param maximumPoolSize the most connections the pool may open
	 * @param minimumIdle the fewest idle connections the pool keeps open
	 */
	record PoolSize(int maximumPoolSize, int minimumIdle) {

		@Override
		public String toString() {
			return "maximumPoolSize=" + this.maximumPoolSize + ", minimumIdle=" + this.minimumIdle;
		}

	}

}
