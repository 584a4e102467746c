package io.github.resilientdb.jdbc.health;

import java.time.Duration;

import com.zaxxer.hikari.HikariDataSource;
import io.github.resilientdb.health.PoolUsage;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.PrivatePostgres;
import org.junit.jupiter.api.Test;

import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.TransactionAwareDataSourceProxy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatException;

class JdbcDatastoreProbeTests {

	private static final Duration TIMEOUT = Duration.ofSeconds(1);

	@Test
	void checkShouldPassAgainstPostgresAndReadHikarisPool() throws Exception {
		try (HikariDataSource dataSource = hikari(PrivatePostgres.shared().port())) {
			JdbcDatastoreProbe probe = new JdbcDatastoreProbe(dataSource, null);
			assertThat(probe.type()).isEqualTo("jdbc");
			assertThat(probe.pool()).isEqualTo(PoolUsage.of(0, 0, 0, 3));
			probe.check(TIMEOUT);
			PoolUsage pool = probe.pool();
			assertThat(pool.active()).isZero();
			assertThat(pool.idle()).isPositive();
			assertThat(pool.max()).isEqualTo(3);
		}
	}

	@Test
	void poolShouldBeReadThroughWrappingDataSources() {
		try (HikariDataSource dataSource = hikari(PrivatePostgres.shared().port())) {
			JdbcDatastoreProbe probe = new JdbcDatastoreProbe(new TransactionAwareDataSourceProxy(dataSource), null);
			assertThat(probe.pool()).isNotNull();
		}
	}

	@Test
	void poolOfOtherDataSourcesShouldBeUnknown() throws Exception {
		PrivatePostgres postgres = PrivatePostgres.shared();
		DriverManagerDataSource dataSource = new DriverManagerDataSource(postgres.jdbcUrl(), postgres.user(),
				postgres.password());
		JdbcDatastoreProbe probe = new JdbcDatastoreProbe(dataSource, null);
		probe.check(TIMEOUT);
		assertThat(probe.pool()).isNull();
	}

	@Test
	void checkOfUnreachableDatabaseShouldFailWithinDriverAndPoolTimeouts() throws Exception {
		try (FaultProxy proxy = FaultProxy.to("127.0.0.1", PrivatePostgres.shared().port());
				HikariDataSource dataSource = hikari(proxy.port())) {
			JdbcDatastoreProbe probe = new JdbcDatastoreProbe(dataSource, null);
			probe.check(TIMEOUT);
			proxy.blackhole();
			long start = System.nanoTime();
			assertThatException().isThrownBy(() -> probe.check(TIMEOUT));
			assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
		}
	}

	@Test
	void secretsShouldBeThePassword() {
		try (HikariDataSource dataSource = hikari(1)) {
			assertThat(new JdbcDatastoreProbe(dataSource, "hunter2").secrets()).containsExactly("hunter2");
			assertThat(new JdbcDatastoreProbe(dataSource, null).secrets()).isEmpty();
		}
	}

	@Test
	void probeOfOneOfSeveralDataSourcesShouldNameItsDatastoreAndMaskItsPoolsPassword() {
		try (HikariDataSource dataSource = hikari(1)) {
			dataSource.setPassword("hunter3");
			JdbcDatastoreProbe probe = JdbcDatastoreProbe.of(dataSource, "reportingDataSource");
			assertThat(probe.datastore()).isEqualTo("reportingDataSource");
			assertThat(probe.secrets()).containsExactly("hunter3");
			assertThat(new JdbcDatastoreProbe(dataSource, null).datastore()).isNull();
		}
	}

	private static HikariDataSource hikari(int port) {
		HikariDataSource dataSource = new HikariDataSource();
		dataSource.setJdbcUrl("jdbc:postgresql://127.0.0.1:" + port + "/test");
		dataSource.setUsername(PrivatePostgres.shared().user());
		dataSource.setMaximumPoolSize(3);
		dataSource.setConnectionTimeout(500);
		dataSource.setValidationTimeout(250);
		dataSource.setInitializationFailTimeout(-1);
		return dataSource;
	}

}
