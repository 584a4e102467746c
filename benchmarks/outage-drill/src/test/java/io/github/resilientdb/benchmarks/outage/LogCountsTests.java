package io.github.resilientdb.benchmarks.outage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.assertj.core.api.Assertions.assertThat;

class LogCountsTests {

	private static final String LOG = """
			01:06:54.745 WARN  [http-nio-1-exec-3] com.zaxxer.hikari.pool.ProxyConnection : Connection marked as broken
			01:06:54.746 ERROR [http-nio-1-exec-3] org.apache.catalina.core.ContainerBase : Servlet.service() threw
			org.springframework.transaction.TransactionSystemException: JDBC rollback failed
				at org.springframework.jdbc.support.JdbcTransactionManager.translateException(JdbcTransactionManager.java:1)
				at java.base/java.lang.Thread.run(Thread.java:840)
			Caused by: java.sql.SQLException: closed
			    at com.zaxxer.hikari.pool.ProxyConnection.rollback(ProxyConnection.java:2)
				... 12 common frames omitted
			01:06:55.001 WARN  [resilientdb-health] io.github.resilientdb.health.DatastoreHealthMonitor : jdbc is DOWN
			01:06:55.002 ERROR [main] io.github.resilientdb.engine.Something : broken
			01:06:55.003 INFO  [main] io.github.resilientdb.engine.Something : recovered
			01:06:55.004 WARN  [main] io.github.resilientdbx.Other : not the starter
			""";

	@Test
	void ofShouldCountStackFramesWarningsErrorsAndTheStartersOwn() {
		LogCounts counts = LogCounts.of(LOG);
		assertThat(counts.lines()).isEqualTo(12);
		assertThat(counts.stackFrames()).isEqualTo(3);
		assertThat(counts.warnings()).isEqualTo(3);
		assertThat(counts.errors()).isEqualTo(2);
		assertThat(counts.starterWarnings()).isEqualTo(2);
	}

	@Test
	void betweenShouldCountOnlyTheWindow(@TempDir Path directory) throws IOException {
		Path file = directory.resolve("app.log");
		String before = "01:00:00.000 WARN  [main] io.github.resilientdb.X : before\n";
		String window = "01:00:01.000 WARN  [main] io.github.resilientdb.X : in\n\tat a.B.c(B.java:1)\n";
		Files.writeString(file, before + window + "01:00:02.000 ERROR [main] a.B : after\n", StandardCharsets.UTF_8);
		long from = before.length();
		LogCounts counts = LogCounts.between(file, from, from + window.length());
		assertThat(counts).isEqualTo(new LogCounts(2, 1, 1, 0, 1));
	}

}
