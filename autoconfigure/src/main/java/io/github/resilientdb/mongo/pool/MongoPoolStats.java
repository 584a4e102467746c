package io.github.resilientdb.mongo.pool;

/**
 * The state of the connection pool to one MongoDB server at one moment.
 *
 * @param server the server, as {@code host:port}
 * @param minSize the minimum size the pool was created with
 * @param maxSize the maximum size the pool was created with ({@code 0} means no limit)
 * @param size the connections open, in use or idle
 * @param checkedOut the connections in use
 * @param waitQueueSize the callers waiting for a connection
 * @param checkOutTimeouts the callers that gave up waiting since the pool was created
 */
public record MongoPoolStats(String server, int minSize, int maxSize, int size, int checkedOut, int waitQueueSize,
		long checkOutTimeouts) {

}
