package io.github.resilientdb.benchmarks.soak;

import java.sql.Connection;
import java.util.Locale;
import java.util.Map;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The application under soak: full auto-configuration with the starter, one {@link SoakStore} per datastore. One
 * context per JDBC database (an application has one {@code DataSource}).
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
class SoakApplication {

	@Bean
	JdbcSoakStore jdbcSoakStore(JdbcTemplate jdbc) {
		return new JdbcSoakStore(jdbc, isPostgres(jdbc));
	}

	@Bean
	RedisSoakStore redisSoakStore(StringRedisTemplate redis) {
		return new RedisSoakStore(redis);
	}

	@Bean
	MongoSoakStore mongoSoakStore(MongoTemplate mongo) {
		return new MongoSoakStore(mongo);
	}

	private static boolean isPostgres(JdbcTemplate jdbc) {
		String product = jdbc.execute((Connection connection) -> connection.getMetaData()
			.getDatabaseProductName());
		return product != null && product.toLowerCase(Locale.ROOT).contains("postgres");
	}

	static ConfigurableApplicationContext start(Map<String, Object> properties) {
		return new SpringApplicationBuilder(SoakApplication.class).web(WebApplicationType.NONE)
			.properties(properties)
			.run();
	}

}
