package io.github.resilientdb.test.server;

import io.github.resilientdb.test.proxy.FaultProxy;
import java.sql.Connection;
import java.sql.SQLException;

import org.junit.jupiter.api.Test;

import static io.github.resilientdb.test.server.JdbcServerChecks.connect;
import static io.github.resilientdb.test.server.JdbcServerChecks.query;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@link PrivatePostgres} answers real JDBC queries, directly and through a {@link FaultProxy}, and
 * goes away completely when closed.
 */
class PrivatePostgresTests {

	@Test
	void sharedServerAnswersSelectOneInDatabaseTest() throws SQLException {
		PrivatePostgres postgres = PrivatePostgres.shared();

		assertThat(postgres.jdbcUrl()).isEqualTo("jdbc:postgresql://127.0.0.1:" + postgres.port() + "/test");
		assertThat(postgres.user()).isEqualTo("postgres");
		try (Connection connection = connect(postgres)) {
			assertThat(query(connection, "select 1")).isEqualTo("1");
			assertThat(query(connection, "select current_database()")).isEqualTo("test");
			assertThat(query(connection, "show fsync")).isEqualTo("off");
			assertThat(query(connection, "show max_connections")).isEqualTo("50");
			assertThat(query(connection, "show listen_addresses")).isEqualTo("127.0.0.1");
		}
	}

	@Test
	void sharedServerIsStartedOnceAndIgnoresClose() throws SQLException {
		PrivatePostgres postgres = PrivatePostgres.shared();
		postgres.close();

		assertThat(PrivatePostgres.shared()).isSameAs(postgres);
		try (Connection connection = connect(postgres)) {
			assertThat(query(connection, "select 1")).isEqualTo("1");
		}
	}

	@Test
	void answersThroughAFaultProxy() throws SQLException {
		JdbcServerChecks.assertAnswersThroughAFaultProxy(PrivatePostgres.shared());
	}

	@Test
	void closeStopsTheServerAndDeletesItsDirectory() throws SQLException {
		JdbcServerChecks.assertCloseStopsTheServerAndDeletesItsDirectory(PrivatePostgres.start());
	}

}
