package io.github.resilientdb.jdbc;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLRecoverableException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientConnectionException;

import io.github.resilientdb.classify.ErrorCategory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.dao.CannotAcquireLockException;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.jdbc.BadSqlGrammarException;
import org.springframework.jdbc.CannotGetJdbcConnectionException;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

class SqlStateErrorClassifierTests {

	private final SqlStateErrorClassifier classifier = new SqlStateErrorClassifier();

	@ParameterizedTest(name = "SQLState {0} -> {1}")
	@CsvSource({
		// Connection exceptions: refused before anything was sent, or lost mid-statement.
		"08001, NOT_SENT",
		"08004, NOT_SENT",
		"08006, MAYBE_APPLIED",
		"08003, MAYBE_APPLIED",
		"08S01, MAYBE_APPLIED",
		// Server not accepting work.
		"57P03, REJECTED_BY_SERVER",
		"53300, REJECTED_BY_SERVER",
		"25006, REJECTED_BY_SERVER",
		// Server-side shutdown or crash while a statement ran.
		"57P01, MAYBE_APPLIED",
		"57P02, MAYBE_APPLIED",
		"70100, MAYBE_APPLIED",
		// Transaction rolled back by the server.
		"40001, ROLLED_BACK",
		"40P01, ROLLED_BACK",
		"55P03, ROLLED_BACK",
		"57014, ROLLED_BACK",
		// Transaction outcome unknown, or constraint violation at commit.
		"40003, MAYBE_APPLIED",
		"40002, BUSINESS",
		// Authentication and privileges.
		"28000, AUTHENTICATION",
		"28P01, AUTHENTICATION",
		"42501, AUTHENTICATION",
		// Data, constraint, syntax and state errors.
		"23505, BUSINESS",
		"23503, BUSINESS",
		"23000, BUSINESS",
		"22001, BUSINESS",
		"22P02, BUSINESS",
		"21000, BUSINESS",
		"42601, BUSINESS",
		"42P01, BUSINESS",
		"42S02, BUSINESS",
		"0A000, BUSINESS",
		"3D000, BUSINESS",
		"25P02, BUSINESS",
		"44000, BUSINESS",
		// Anything else is a database failure not known to be transient.
		"53100, PERMANENT",
		"53200, PERMANENT",
		"58030, PERMANENT",
		"XX000, PERMANENT",
		"HY000, PERMANENT" })
	void classifyShouldPlaceSqlState(String sqlState, ErrorCategory expected) {
		assertThat(this.classifier.classify(new SQLException("failure", sqlState))).isEqualTo(expected);
	}

	@ParameterizedTest(name = "vendor code {0} (SQLState {1}) -> {2}")
	@CsvSource({
		"1213, 40001, ROLLED_BACK",
		"1205, HY000, ROLLED_BACK",
		"1290, HY000, REJECTED_BY_SERVER",
		"1792, 25006, REJECTED_BY_SERVER",
		"1040, 08004, REJECTED_BY_SERVER",
		"1045, 28000, AUTHENTICATION",
		"1044, 42000, AUTHENTICATION",
		"1142, 42000, AUTHENTICATION",
		"1143, 42000, AUTHENTICATION",
		"1062, 23000, BUSINESS",
		"1146, 42S02, BUSINESS",
		"1064, 42000, BUSINESS",
		"1927, 70100, MAYBE_APPLIED",
		"1969, 70100, MAYBE_APPLIED",
		"0, 08000, MAYBE_APPLIED" })
	void classifyShouldPlaceMariaDbVendorCodeBeforeSqlState(int vendorCode, String sqlState, ErrorCategory expected) {
		assertThat(this.classifier.classify(new SQLException("failure", sqlState, vendorCode))).isEqualTo(expected);
	}

	@Test
	void classifyWhenHikariClosedTheConnectionShouldReturnNotSent() {
		assertThat(this.classifier.classify(new SQLException("Connection is closed"))).isEqualTo(ErrorCategory.NOT_SENT);
	}

	@Test
	void classifyWhenSqlExceptionWithoutSqlStateIsAnythingElseShouldReturnPermanent() {
		assertThat(this.classifier.classify(new SQLException("Something else"))).isEqualTo(ErrorCategory.PERMANENT);
	}

	@Test
	void classifyWhenDuplicateKeyShouldReturnBusiness() {
		DuplicateKeyException failure = new DuplicateKeyException("duplicate",
				new SQLException("duplicate key value violates unique constraint", "23505"));
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.BUSINESS);
	}

	@Test
	void classifyWhenMariaDbDuplicateEntryShouldReturnBusiness() {
		DuplicateKeyException failure = new DuplicateKeyException("duplicate",
				new SQLException("Duplicate entry '1' for key 'PRIMARY'", "23000", 1062));
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.BUSINESS);
	}

	@Test
	void classifyWhenDeadlockTranslatedBySpringShouldReturnRolledBack() {
		CannotAcquireLockException failure = new CannotAcquireLockException("deadlock",
				new SQLException("Deadlock found when trying to get lock", "40001", 1213));
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.ROLLED_BACK);
	}

	@Test
	void classifyWhenCannotGetConnectionShouldReturnNotSent() {
		CannotGetJdbcConnectionException failure = new CannotGetJdbcConnectionException("no connection",
				new SQLException("Connection refused", "08001"));
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.NOT_SENT);
	}

	@Test
	void classifyWhenConnectionLostDuringConnectionAcquisitionShouldReturnNotSent() {
		CannotGetJdbcConnectionException failure = new CannotGetJdbcConnectionException("no connection",
				new SQLException("An I/O error occurred while sending to the backend", "08006"));
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.NOT_SENT);
	}

	@Test
	void classifyWhenCannotCreateTransactionShouldReturnNotSent() {
		CannotCreateTransactionException failure = new CannotCreateTransactionException(
				"Could not open JDBC Connection for transaction",
				new SQLTransientConnectionException("HikariPool-1 - Connection is not available", "08001"));
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.NOT_SENT);
	}

	@Test
	void classifyWhenPoolAcquireTimesOutShouldReturnNotSent() {
		SQLTransientConnectionException hikariTimeout = new SQLTransientConnectionException(
				"HikariPool-1 - Connection is not available, request timed out after 30000ms.", "08006",
				new SQLException("Connection reset", "08006"));
		assertThat(this.classifier.classify(hikariTimeout)).isEqualTo(ErrorCategory.NOT_SENT);
	}

	@Test
	void classifyWhenBadGrammarShouldReturnBusiness() {
		BadSqlGrammarException failure = new BadSqlGrammarException("select", "select * from nope",
				new SQLException("relation \"nope\" does not exist", "42P01"));
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.BUSINESS);
	}

	@Test
	void classifyWhenUncategorizedShouldReadWrappedSqlState() {
		UncategorizedSQLException failure = new UncategorizedSQLException("update", "update t set x = 1",
				new SQLException("terminating connection due to administrator command", "57P01"));
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.MAYBE_APPLIED);
	}

	@Test
	void classifyWhenQueryTimeoutTranslatedBySpringShouldReadWrappedSqlState() {
		QueryTimeoutException failure = new QueryTimeoutException("timeout",
				new SQLException("canceling statement due to statement timeout", "57014"));
		assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.ROLLED_BACK);
	}

	@Test
	void classifyShouldReadSqlStateOfNextException() {
		SQLException batch = new SQLException("Batch entry 0 was aborted");
		batch.setNextException(new SQLException("duplicate key", "23505"));
		assertThat(this.classifier.classify(new DataIntegrityViolationException("batch", batch)))
			.isEqualTo(ErrorCategory.BUSINESS);
	}

	@Test
	void classifyShouldIgnoreMalformedSqlState() {
		assertThat(this.classifier.classify(new SQLException("odd", "08"))).isEqualTo(ErrorCategory.PERMANENT);
	}

	@Test
	void classifyWithoutSqlStateShouldUseExceptionType() {
		assertThat(this.classifier.classify(new SQLTransactionRollbackException("rolled back")))
			.isEqualTo(ErrorCategory.ROLLED_BACK);
		assertThat(this.classifier.classify(new SQLTimeoutException("timeout"))).isEqualTo(ErrorCategory.MAYBE_APPLIED);
		assertThat(this.classifier.classify(new SQLRecoverableException("recoverable")))
			.isEqualTo(ErrorCategory.MAYBE_APPLIED);
		assertThat(this.classifier.classify(new SQLTransientConnectionException("pool timeout")))
			.isEqualTo(ErrorCategory.NOT_SENT);
		assertThat(this.classifier.classify(new SQLNonTransientConnectionException("closed")))
			.isEqualTo(ErrorCategory.PERMANENT);
		assertThat(this.classifier.classify(new SQLException("unknown"))).isEqualTo(ErrorCategory.PERMANENT);
	}

	@Test
	void classifyWhenNoSqlExceptionShouldReturnNull() {
		assertThat(this.classifier.classify(new IllegalStateException("application"))).isNull();
		assertThat(this.classifier.classify(new DataIntegrityViolationException("no cause"))).isNull();
	}

	// MariaDB Connector/J raises SQLTransientConnectionException for server errors whose SQLState class it does
	// not map (3D, 44, 24, 0K...): the SQLState decides, not the type.
	@Test
	void classifyWhenMariaDbRaisesServerErrorAsTransientConnectionExceptionShouldUseSqlState() {
		SQLTransientConnectionException noDatabase = new SQLTransientConnectionException("No database selected",
				"3D000", 1046);
		assertThat(this.classifier.classify(noDatabase)).isEqualTo(ErrorCategory.BUSINESS);
	}

}
