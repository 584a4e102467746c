package io.github.resilientdb.classify;

import org.jspecify.annotations.Nullable;

/**
 * What a SQL failure's SQLState (the SQL standard's classes and PostgreSQL's codes) and MariaDB/MySQL vendor code say
 * about it, shared by the stores that speak SQL whatever their driver API (JDBC's {@code SQLException}, R2DBC's
 * {@code R2dbcException}).
 */
public final class SqlStates {

	private static final int MYSQL_DEADLOCK = 1213;

	private static final int MYSQL_LOCK_WAIT_TIMEOUT = 1205;

	private static final int MYSQL_READ_ONLY = 1290;

	private static final int MYSQL_READ_ONLY_TRANSACTION = 1792;

	private static final int MYSQL_TOO_MANY_CONNECTIONS = 1040;

	private static final int MYSQL_ACCESS_DENIED = 1045;

	private static final int MYSQL_DB_ACCESS_DENIED = 1044;

	private static final int MYSQL_TABLE_ACCESS_DENIED = 1142;

	private static final int MYSQL_COLUMN_ACCESS_DENIED = 1143;

	private SqlStates() {
	}

	/**
	 * Whether a value is a SQLState: five characters.
	 * @param sqlState the value a driver reported, possibly {@code null}
	 * @return whether it can be classified by {@link #classify(String)}
	 */
	public static boolean isSqlState(@Nullable String sqlState) {
		return sqlState != null && sqlState.length() == 5;
	}

	/**
	 * Whether a SQLState says that the server refused the credentials (class {@code 28}).
	 * @param sqlState the SQLState, possibly {@code null}
	 * @return whether it is an authorization failure
	 */
	public static boolean isInvalidAuthorization(@Nullable String sqlState) {
		return sqlState != null && sqlState.startsWith("28");
	}

	/**
	 * Classifies a MariaDB/MySQL vendor error code.
	 * @param code the vendor code
	 * @return the category, or {@code null} if the code says nothing the SQLState does not
	 */
	public static @Nullable ErrorCategory classifyMySqlVendorCode(int code) {
		return switch (code) {
			case MYSQL_DEADLOCK, MYSQL_LOCK_WAIT_TIMEOUT -> ErrorCategory.ROLLED_BACK;
			case MYSQL_READ_ONLY, MYSQL_READ_ONLY_TRANSACTION, MYSQL_TOO_MANY_CONNECTIONS ->
				ErrorCategory.REJECTED_BY_SERVER;
			case MYSQL_ACCESS_DENIED, MYSQL_DB_ACCESS_DENIED, MYSQL_TABLE_ACCESS_DENIED, MYSQL_COLUMN_ACCESS_DENIED ->
				ErrorCategory.AUTHENTICATION;
			default -> null;
		};
	}

	/**
	 * Classifies a SQLState.
	 * @param sqlState the SQLState, five characters (see {@link #isSqlState(String)})
	 * @return the category
	 */
	public static ErrorCategory classify(String sqlState) {
		switch (sqlState) {
			case "08001", "08004", "57P03", "53300":
				return (sqlState.startsWith("08")) ? ErrorCategory.NOT_SENT : ErrorCategory.REJECTED_BY_SERVER;
			case "40001", "40P01", "55P03", "57014":
				return ErrorCategory.ROLLED_BACK;
			case "40002":
				return ErrorCategory.BUSINESS;
			case "25006":
				return ErrorCategory.REJECTED_BY_SERVER;
			case "42501":
				return ErrorCategory.AUTHENTICATION;
			default:
				break;
		}
		return switch (sqlState.substring(0, 2)) {
			case "08", "57", "70", "40" -> ErrorCategory.MAYBE_APPLIED;
			case "28" -> ErrorCategory.AUTHENTICATION;
			case "21", "22", "23", "27", "42", "44", "0A", "2B", "2D", "3D", "3F", "25" -> ErrorCategory.BUSINESS;
			default -> ErrorCategory.PERMANENT;
		};
	}

}
