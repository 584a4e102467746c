package io.github.resilientdb.benchmarks.outage;

import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.data.mongodb.core.MongoTemplate;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * The application under test: a Spring MVC application with PostgreSQL, Redis and MongoDB, the starter and Boot's
 * actuator, with full auto-configuration and nothing set but where the servers are, how to log and where to listen.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class DrillApplication {

	@Bean
	CallOutcomes callOutcomes() {
		return new CallOutcomes();
	}

	@Bean
	JdbcReads jdbcReads(JdbcTemplate jdbc) {
		return new JdbcReads(jdbc);
	}

	@Bean
	RedisReads redisReads(StringRedisTemplate redis) {
		return new RedisReads(redis);
	}

	@Bean
	MongoReads mongoReads(MongoTemplate mongo) {
		return new MongoReads(mongo);
	}

	@Bean
	DrillController drillController(JdbcReads jdbc, RedisReads redis, MongoReads mongo, CallOutcomes outcomes) {
		return new DrillController(jdbc, redis, mongo, outcomes);
	}

	/**
	 * Starts the application with its web server on a free port of 127.0.0.1.
	 * @param properties the properties of the run
	 * @return the running context
	 */
	static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(DrillApplication.class)
			.properties("server.address=127.0.0.1", "server.port=0", "spring.main.banner-mode=off")
			.properties(properties)
			.run();
	}

}
