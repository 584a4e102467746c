package io.github.resilientdb.jdbc.pool;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import com.zaxxer.hikari.SQLExceptionOverride;
import io.github.resilientdb.jdbc.autoconfigure.JdbcPoolAutoConfiguration;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.PrivatePostgres;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.jdbc.autoconfigure.DataSourceAutoConfiguration;
import org.springframework.boot.jdbc.autoconfigure.JdbcTemplateAutoConfiguration;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.JdbcTemplate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;
import static org.awaitility.Awaitility.await;

/**
 * When a connection of a pool on the defaults times out reading from a hung server, every connection of the pool is
 * evicted, not kept until each has held a caller for its own socket timeout; once the server answers again, the
 * pool serves with new connections. A real PostgreSQL behind the test bed's fault proxy.
 */
class HungServerEvictionTests {

	private final FaultProxy proxy = FaultProxy.to("127.0.0.1", PrivatePostgres.shared().port());

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(DataSourceAutoConfiguration.class,
				JdbcTemplateAutoConfiguration.class, JdbcPoolAutoConfiguration.class))
		.withPropertyValues("spring.datasource.url=jdbc:postgresql://127.0.0.1:" + this.proxy.port() + "/test",
				"spring.datasource.username=" + PrivatePostgres.shared().user(),
				"spring.datasource.hikari.maximum-pool-size=3");

	@AfterEach
	void closeProxy() {
		this.proxy.close();
	}

	@Test
	void socketTimeoutOnOneConnectionEvictsThePool() {
		this.runner.run((context) -> {
			HikariDataSource dataSource = context.getBean(HikariDataSource.class);
			JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
			assertThat(dataSource.getExceptionOverride()).isInstanceOf(HungServerEviction.class);
			assertThat(jdbc.queryForObject("select 1", Integer.class)).isOne();
			await().atMost(Duration.ofSeconds(10))
				.until(() -> dataSource.getHikariPoolMXBean().getIdleConnections() == 3);
			assertThat(this.proxy.liveConnections()).isEqualTo(3);
			this.proxy.silenceLiveConnections();
			assertThatExceptionOfType(DataAccessException.class)
				.isThrownBy(() -> jdbc.queryForObject("select 1", Integer.class));
			// The silenced connections stay open at the proxy whatever the pool does with them; each connection
			// the pool opens instead is a new one. Without the eviction only the connection that failed would be
			// replaced (4 in all); with it, all three are (6).
			await().atMost(Duration.ofSeconds(3))
				.untilAsserted(() -> assertThat(this.proxy.liveConnections())
					.as("the silent server's idle connections are replaced too, before any caller gets them")
					.isEqualTo(6));
			await().atMost(Duration.ofSeconds(10))
				.ignoreExceptions()
				.until(() -> jdbc.queryForObject("select 1", Integer.class) == 1);
		});
	}

	@Test
	void overrideOfTheApplicationIsKept() {
		this.runner.withPropertyValues("spring.datasource.hikari.exception-override-class-name="
					+ KeepAll.class.getName())
			.run((context) -> assertThat(context.getBean(HikariDataSource.class).getExceptionOverride())
				.isNotInstanceOf(HungServerEviction.class));
	}

	/**
	 * An override of the application's own.
	 */
	public static class KeepAll implements SQLExceptionOverride {

	}

}
