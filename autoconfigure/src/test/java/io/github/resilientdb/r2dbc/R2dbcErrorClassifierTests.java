package io.github.resilientdb.r2dbc;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

import io.github.resilientdb.classify.ErrorCategory;
import io.r2dbc.spi.R2dbcBadGrammarException;
import io.r2dbc.spi.R2dbcDataIntegrityViolationException;
import io.r2dbc.spi.R2dbcException;
import io.r2dbc.spi.R2dbcNonTransientResourceException;
import io.r2dbc.spi.R2dbcPermissionDeniedException;
import io.r2dbc.spi.R2dbcRollbackException;
import io.r2dbc.spi.R2dbcTimeoutException;
import io.r2dbc.spi.R2dbcTransientResourceException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.dao.PermissionDeniedDataAccessException;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.r2dbc.BadSqlGrammarException;
import org.springframework.r2dbc.connection.ConnectionFactoryUtils;
import org.springframework.transaction.CannotCreateTransactionException;

import static org.assertj.core.api.Assertions.assertThat;

class R2dbcErrorClassifierTests {

	private final R2dbcErrorClassifier classifier = new R2dbcErrorClassifier();

	@ParameterizedTest(name = "SQLState {0} -> {1}")
	@CsvSource({ "08006, MAYBE_APPLIED", "57P01, MAYBE_APPLIED", "57P03, REJECTED_BY_SERVER", "40001, ROLLED_BACK",
			"40P01, ROLLED_BACK", "23505, BUSINESS", "42P01, BUSINESS", "28P01, AUTHENTICATION",
			"42501, AUTHENTICATION", "XX000, PERMANENT" })
	void sqlStateShouldDecideAsForJdbc(String sqlState, ErrorCategory expected) {
		// The driver's exception type says otherwise: the SQLState, when there is one, wins.
		assertThat(this.classifier.classify(new R2dbcException("failed", sqlState) {
		})).isEqualTo(expected);
	}

	@Test
	void mySqlVendorCodeShouldDecideBeforeTheSqlState() {
		assertThat(this.classifier.classify(new R2dbcTransientResourceException("deadlock", "40001", 1213)))
			.isEqualTo(ErrorCategory.ROLLED_BACK);
		assertThat(this.classifier.classify(new R2dbcNonTransientResourceException("read only", "HY000", 1290)))
			.isEqualTo(ErrorCategory.REJECTED_BY_SERVER);
	}

	@Test
	void typeShouldDecideWithoutSqlState() {
		assertThat(this.classifier.classify(new R2dbcRollbackException("rolled back")))
			.isEqualTo(ErrorCategory.ROLLED_BACK);
		assertThat(this.classifier.classify(new R2dbcDataIntegrityViolationException("duplicate")))
			.isEqualTo(ErrorCategory.BUSINESS);
		assertThat(this.classifier.classify(new R2dbcBadGrammarException("syntax"))).isEqualTo(ErrorCategory.BUSINESS);
		assertThat(this.classifier.classify(new R2dbcPermissionDeniedException("denied")))
			.isEqualTo(ErrorCategory.AUTHENTICATION);
		assertThat(this.classifier.classify(new R2dbcTimeoutException("statement timeout")))
			.isEqualTo(ErrorCategory.MAYBE_APPLIED);
		assertThat(this.classifier.classify(new R2dbcNonTransientResourceException("Connection unexpectedly closed")))
			.isEqualTo(ErrorCategory.MAYBE_APPLIED);
		assertThat(this.classifier.classify(new R2dbcTransientResourceException("request queue full")))
			.isEqualTo(ErrorCategory.MAYBE_APPLIED);
		assertThat(this.classifier.classify(new R2dbcException("unknown") {
		})).isEqualTo(ErrorCategory.PERMANENT);
	}

	@Test
	void springTranslationsShouldBeClassifiedByTheDriversException() {
		assertThat(translated(new R2dbcDataIntegrityViolationException("duplicate", "23505")))
			.isInstanceOf(DuplicateKeyException.class)
			.satisfies((failure) -> assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.BUSINESS));
		assertThat(translated(new R2dbcBadGrammarException("syntax", "42601")))
			.isInstanceOf(BadSqlGrammarException.class)
			.satisfies((failure) -> assertThat(this.classifier.classify(failure)).isEqualTo(ErrorCategory.BUSINESS));
		assertThat(translated(new R2dbcPermissionDeniedException("denied", "42501")))
			.isInstanceOf(PermissionDeniedDataAccessException.class)
			.satisfies((failure) -> assertThat(this.classifier.classify(failure))
				.isEqualTo(ErrorCategory.AUTHENTICATION));
		assertThat(translated(new R2dbcTimeoutException("timeout"))).isInstanceOf(QueryTimeoutException.class)
			.satisfies((failure) -> assertThat(this.classifier.classify(failure))
				.isEqualTo(ErrorCategory.MAYBE_APPLIED));
		assertThat(translated(new R2dbcNonTransientResourceException("Connection unexpectedly closed")))
			.isInstanceOf(DataAccessResourceFailureException.class)
			.satisfies((failure) -> assertThat(this.classifier.classify(failure))
				.isEqualTo(ErrorCategory.MAYBE_APPLIED));
	}

	@Test
	void connectionThatCouldNotBeObtainedShouldBeNotSent() {
		R2dbcNonTransientResourceException refused = new R2dbcNonTransientResourceException("Cannot connect",
				new ConnectException("Connection refused"));
		assertThat(this.classifier.classify(refused)).isEqualTo(ErrorCategory.NOT_SENT);
		R2dbcTimeoutException poolTimeout = new R2dbcTimeoutException("Connection acquisition timed out after 100ms",
				new TimeoutException());
		assertThat(this.classifier.classify(poolTimeout)).isEqualTo(ErrorCategory.NOT_SENT);
		assertThat(this.classifier.classify(
				new DataAccessResourceFailureException("Failed to obtain R2DBC Connection", poolTimeout)))
			.isEqualTo(ErrorCategory.NOT_SENT);
		assertThat(this.classifier.classify(new CannotCreateTransactionException(
				"Could not open R2DBC Connection for transaction", new R2dbcNonTransientResourceException("closed"))))
			.isEqualTo(ErrorCategory.NOT_SENT);
	}

	@Test
	void credentialsRefusedWhileConnectingShouldBeAuthentication() {
		R2dbcPermissionDeniedException badPassword = new R2dbcPermissionDeniedException(
				"password authentication failed", "28P01");
		assertThat(this.classifier
			.classify(new DataAccessResourceFailureException("Failed to obtain R2DBC Connection", badPassword)))
			.isEqualTo(ErrorCategory.AUTHENTICATION);
	}

	@Test
	void failureWithoutR2dbcExceptionShouldBeLeftToOthers() {
		assertThat(this.classifier.classify(new CannotCreateTransactionException("jdbc",
				new ConnectException("Connection refused"))))
			.isNull();
		assertThat(this.classifier.classify(new IllegalStateException("not a database failure"))).isNull();
	}

	private static Throwable translated(R2dbcException exception) {
		return ConnectionFactoryUtils.convertR2dbcException("execute", "SELECT 1", exception);
	}

}
