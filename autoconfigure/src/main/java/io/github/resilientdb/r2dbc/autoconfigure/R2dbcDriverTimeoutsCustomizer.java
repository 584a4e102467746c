package io.github.resilientdb.r2dbc.autoconfigure;

import java.util.Set;

import io.github.resilientdb.autoconfigure.DeadlineTimeouts;
import io.r2dbc.spi.ConnectionFactoryOptions;
import io.r2dbc.spi.Option;

import org.springframework.boot.r2dbc.autoconfigure.ConnectionFactoryOptionsBuilderCustomizer;

/**
 * Adds the driver timeouts that follow from the {@code r2dbc} datastore's deadline to the options Spring Boot builds
 * its {@code ConnectionFactory} from: {@code connectTimeout} (the pool wait) for PostgreSQL, MariaDB and MySQL, and
 * for PostgreSQL a server-side {@code statementTimeout} of what the deadline leaves after a pool wait. With a
 * {@code r2dbc:pool:} URL, r2dbc-pool's {@code maxAcquireTime}, {@code maxCreateConnectionTime} and
 * {@code maxValidationTime} too (Boot then builds the pool from the URL, not from {@code spring.r2dbc.pool.*}). An
 * option already set, in the URL or under {@code spring.r2dbc.properties.*}, is kept.
 */
final class R2dbcDriverTimeoutsCustomizer implements ConnectionFactoryOptionsBuilderCustomizer {

	private static final Set<String> CONNECT_TIMEOUT_DRIVERS = Set.of("postgresql", "postgres", "mariadb", "mysql");

	private static final Set<String> STATEMENT_TIMEOUT_DRIVERS = Set.of("postgresql", "postgres");

	private static final String POOL_DRIVER = "pool";

	private static final Option<Object> MAX_ACQUIRE_TIME = Option.valueOf("maxAcquireTime");

	private static final Option<Object> MAX_CREATE_CONNECTION_TIME = Option.valueOf("maxCreateConnectionTime");

	private static final Option<Object> MAX_VALIDATION_TIME = Option.valueOf("maxValidationTime");

	private final DeadlineTimeouts timeouts;

	R2dbcDriverTimeoutsCustomizer(DeadlineTimeouts timeouts) {
		this.timeouts = timeouts;
	}

	@Override
	public void customize(ConnectionFactoryOptions.Builder builder) {
		ConnectionFactoryOptions current = builder.build();
		Object driver = current.getValue(ConnectionFactoryOptions.DRIVER);
		if (POOL_DRIVER.equals(driver)) {
			setIfAbsent(builder, current, MAX_ACQUIRE_TIME, this.timeouts.poolWait());
			setIfAbsent(builder, current, MAX_CREATE_CONNECTION_TIME, this.timeouts.connect());
			setIfAbsent(builder, current, MAX_VALIDATION_TIME, this.timeouts.validation());
			// r2dbc-pool hands the options to the driver named by the protocol.
			driver = current.getValue(ConnectionFactoryOptions.PROTOCOL);
		}
		if (CONNECT_TIMEOUT_DRIVERS.contains(driver)) {
			setIfAbsent(builder, current, ConnectionFactoryOptions.CONNECT_TIMEOUT, this.timeouts.connect());
		}
		if (STATEMENT_TIMEOUT_DRIVERS.contains(driver)) {
			setIfAbsent(builder, current, ConnectionFactoryOptions.STATEMENT_TIMEOUT, this.timeouts.socket());
		}
	}

	private static <T> void setIfAbsent(ConnectionFactoryOptions.Builder builder, ConnectionFactoryOptions current,
			Option<T> option, T value) {
		if (!current.hasOption(option)) {
			builder.option(option, value);
		}
	}

}
