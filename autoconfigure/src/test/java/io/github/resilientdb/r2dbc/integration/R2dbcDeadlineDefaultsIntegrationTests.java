package io.github.resilientdb.r2dbc.integration;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import io.github.resilientdb.autoconfigure.ResilientDbAutoConfiguration;
import io.github.resilientdb.classify.ErrorCategory;
import io.github.resilientdb.r2dbc.autoconfigure.R2dbcResilientDbAutoConfiguration;
import io.github.resilientdb.test.proxy.FaultProxy;
import io.github.resilientdb.test.server.PrivatePostgres;
import io.r2dbc.pool.ConnectionPool;
import io.r2dbc.spi.ConnectionFactory;
import io.r2dbc.spi.ConnectionFactoryOptions;
import org.jspecify.annotations.Nullable;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import org.springframework.boot.autoconfigure.AutoConfigurations;
import org.springframework.boot.data.r2dbc.autoconfigure.DataR2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.OptionsCapableConnectionFactory;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcAutoConfiguration;
import org.springframework.boot.r2dbc.autoconfigure.R2dbcProperties;
import org.springframework.boot.test.context.runner.ApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.r2dbc.core.DatabaseClient;

import static io.github.resilientdb.integration.DatastoreCalls.classify;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

/**
 * The timeouts resilient-db derives from the {@code r2dbc} datastore's deadline for Spring Boot's pooled
 * r2dbc-postgresql {@code ConnectionFactory}, read back from the live client and the server, against a private
 * PostgreSQL through a fault-injecting proxy: the application's own settings win, and with the proxy blackholing a
 * call fails with the pool's timeout, classified {@code NOT_SENT}, instead of waiting on r2dbc-pool's unbounded
 * acquire.
 */
class R2dbcDeadlineDefaultsIntegrationTests {

	private static final Duration WAIT = Duration.ofSeconds(30);

	private final FaultProxy proxy = FaultProxy.to("127.0.0.1", PrivatePostgres.shared().port());

	private final ApplicationContextRunner runner = new ApplicationContextRunner()
		.withConfiguration(AutoConfigurations.of(R2dbcAutoConfiguration.class, DataR2dbcAutoConfiguration.class,
				R2dbcResilientDbAutoConfiguration.class, ResilientDbAutoConfiguration.class))
		.withUserConfiguration(R2dbcIntegrationTests.AccountsConfiguration.class)
		.withPropertyValues("spring.r2dbc.username=postgres", "spring.r2dbc.pool.initial-size=1",
				"spring.r2dbc.pool.max-size=2");

	@AfterEach
	void closeProxy() {
		this.proxy.close();
	}

	@Test
	void clientWhenNothingIsSetShouldTakeTheTimeoutsOfTheDefaultDeadline() {
		this.runner.withPropertyValues("spring.r2dbc.url=" + url("")).run((context) -> {
			assertThat(context).hasNotFailed();
			assertThat(serverSetting(context, "statement_timeout")).isEqualTo("4s");
			assertThat(connectTimeout(context)).isEqualTo(Duration.ofSeconds(1));
			R2dbcProperties.Pool pool = context.getBean(R2dbcProperties.class).getPool();
			assertThat(pool.getMaxAcquireTime()).isEqualTo(Duration.ofSeconds(1));
			assertThat(pool.getMaxCreateConnectionTime()).isEqualTo(Duration.ofSeconds(1));
			assertThat(pool.getMaxValidationTime()).isEqualTo(Duration.ofMillis(500));
		});
	}

	@Test
	void clientWhenDeadlineIsSetShouldMoveItsTimeoutsWithIt() {
		this.runner.withPropertyValues("spring.r2dbc.url=" + url(""), "resilientdb.datastores.r2dbc.deadline=10s")
			.run((context) -> {
				assertThat(serverSetting(context, "statement_timeout")).isEqualTo("8s");
				assertThat(connectTimeout(context)).isEqualTo(Duration.ofSeconds(2));
				assertThat(context.getBean(R2dbcProperties.class).getPool().getMaxAcquireTime())
					.isEqualTo(Duration.ofSeconds(2));
			});
	}

	@Test
	void clientWhenApplicationSetsTimeoutsShouldKeepThemAndFitTheDefaultsToAShortAcquireTime() {
		this.runner
			.withPropertyValues("spring.r2dbc.url=" + url("?connectTimeout=PT3S"),
					"spring.r2dbc.properties.statementTimeout=PT7S", "spring.r2dbc.pool.max-acquire-time=300ms")
			.run((context) -> {
				assertThat(context).hasNotFailed();
				assertThat(serverSetting(context, "statement_timeout")).isEqualTo("7s");
				assertThat(connectTimeout(context)).as("the URL's own option").isEqualTo("PT3S");
				R2dbcProperties.Pool pool = context.getBean(R2dbcProperties.class).getPool();
				assertThat(pool.getMaxAcquireTime()).isEqualTo(Duration.ofMillis(300));
				assertThat(pool.getMaxCreateConnectionTime()).isEqualTo(Duration.ofMillis(300));
				assertThat(pool.getMaxValidationTime()).isEqualTo(Duration.ofMillis(150));
			});
	}

	/**
	 * The call never reaches the server, so it needs no table.
	 */
	@Test
	void callWhenProxyBlackholesShouldFailWithThePoolTimeoutAsNotSent() {
		this.proxy.blackhole();
		this.runner.withPropertyValues("spring.r2dbc.url=" + url("")).run((context) -> {
			assertThat(context).hasNotFailed();
			Throwable failure = failureOf(context);
			assertThat(failure).hasStackTraceContaining("Connection acquisition timed out");
			assertThat(classify(context, failure)).isEqualTo(ErrorCategory.NOT_SENT);
		});
	}

	private String url(String options) {
		return PostgresTables.r2dbcUrl(this.proxy.port()) + options;
	}

	private static Throwable failureOf(ApplicationContext context) throws Exception {
		try {
			context.getBean(R2dbcAccounts.class).count().toFuture().get(WAIT.toSeconds(), TimeUnit.SECONDS);
		}
		catch (ExecutionException ex) {
			return ex.getCause();
		}
		return fail("the call succeeded");
	}

	private static String serverSetting(ApplicationContext context, String name) {
		return context.getBean(DatabaseClient.class)
			.sql("SHOW " + name)
			.map((row) -> row.get(0, String.class))
			.one()
			.block(WAIT);
	}

	/**
	 * The {@code connectTimeout} of the options Spring Boot built the pooled r2dbc-postgresql factory from.
	 */
	private static @Nullable Object connectTimeout(ApplicationContext context) {
		ConnectionFactory driver = ((ConnectionPool) context.getBean(ConnectionFactory.class)).unwrap();
		assertThat(driver).isInstanceOf(OptionsCapableConnectionFactory.class);
		return ((OptionsCapableConnectionFactory) driver).getOptions()
			.getValue(ConnectionFactoryOptions.CONNECT_TIMEOUT);
	}

}
