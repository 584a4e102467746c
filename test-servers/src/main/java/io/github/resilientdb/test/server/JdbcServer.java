package io.github.resilientdb.test.server;

/**
 * A private database server reached over JDBC, so that a test written once runs against each of
 * them.
 */
public interface JdbcServer {

	/** The port it listens on, on 127.0.0.1. */
	int port();

	/** {@code jdbc:DRIVER://127.0.0.1:PORT/test}. */
	String jdbcUrl();

	/** A user that may do anything in the {@code test} database. */
	String user();

	/** The user's password. */
	String password();

}
