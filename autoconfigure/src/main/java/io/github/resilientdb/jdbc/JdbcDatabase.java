package io.github.resilientdb.jdbc;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Locale;

import org.jspecify.annotations.Nullable;

/**
 * The database families whose drivers and durability settings resilient-db knows.
 */
public enum JdbcDatabase {

	/**
	 * PostgreSQL (driver {@code org.postgresql}, URLs {@code jdbc:postgresql:}).
	 */
	POSTGRESQL,

	/**
	 * MariaDB or MySQL (drivers {@code org.mariadb.jdbc} and {@code com.mysql.cj}, URLs {@code jdbc:mariadb:} and
	 * {@code jdbc:mysql:}), which share their timeout properties and their lack of per-transaction durability.
	 */
	MARIADB,

	/**
	 * Any other database.
	 */
	OTHER;

	/**
	 * The database a JDBC URL points to, read from its scheme alone.
	 * @param jdbcUrl the URL, possibly {@code null}
	 * @return the database, {@link #OTHER} when unknown
	 */
	public static JdbcDatabase fromUrl(@Nullable String jdbcUrl) {
		if (jdbcUrl == null) {
			return OTHER;
		}
		String url = jdbcUrl.toLowerCase(Locale.ROOT);
		if (url.startsWith("jdbc:postgresql:")) {
			return POSTGRESQL;
		}
		if (url.startsWith("jdbc:mariadb:") || url.startsWith("jdbc:mysql:")) {
			return MARIADB;
		}
		return OTHER;
	}

	/**
	 * The database an open connection talks to, from the driver's metadata (no round trip to the server).
	 * @param connection the connection
	 * @return the database, {@link #OTHER} when unknown
	 * @throws SQLException if the driver cannot describe the connection
	 */
	public static JdbcDatabase of(Connection connection) throws SQLException {
		String product = connection.getMetaData().getDatabaseProductName();
		if (product == null) {
			return OTHER;
		}
		return switch (product.toLowerCase(Locale.ROOT)) {
			case "postgresql" -> POSTGRESQL;
			case "mariadb", "mysql" -> MARIADB;
			default -> OTHER;
		};
	}

}
