package io.github.resilientdb.health.autoconfigure.metrics;

import io.github.resilientdb.health.DatastoreHealthMonitor;
import io.github.resilientdb.health.metrics.DatastoreHealthMeters;
import io.github.resilientdb.health.metrics.PercentileHistogramsMeterFilter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.commonspool2.CommonsObjectPool2Metrics;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Auto-configuration of resilient-db's meters beyond the core's: the datastores' health gauge and probe timer,
 * percentile histograms for {@code resilientdb.*} timers ({@code resilientdb.metrics.percentile-histograms}), and
 * commons-pool2 meters for Lettuce's pools, which Spring Boot does not bind (it binds HikariCP's and the MongoDB
 * driver's pool meters itself).
 */
@AutoConfiguration(
		afterName = { "io.github.resilientdb.health.autoconfigure.ResilientDbHealthAutoConfiguration",
				"org.springframework.boot.micrometer.metrics.autoconfigure.CompositeMeterRegistryAutoConfiguration",
				"org.springframework.boot.data.redis.autoconfigure.DataRedisAutoConfiguration" })
@ConditionalOnClass(MeterRegistry.class)
@ConditionalOnBean(MeterRegistry.class)
@ConditionalOnBooleanProperty(name = "resilientdb.enabled", matchIfMissing = true)
@EnableConfigurationProperties(ResilientDbMetricsProperties.class)
public final class ResilientDbMetricsAutoConfiguration {

	@Bean
	@ConditionalOnBean(DatastoreHealthMonitor.class)
	@ConditionalOnMissingBean
	DatastoreHealthMeters resilientDbDatastoreHealthMeters(DatastoreHealthMonitor monitor, MeterRegistry registry) {
		return new DatastoreHealthMeters(monitor, registry);
	}

	@Bean
	@ConditionalOnBooleanProperty("resilientdb.metrics.percentile-histograms")
	PercentileHistogramsMeterFilter resilientDbPercentileHistogramsMeterFilter() {
		return new PercentileHistogramsMeterFilter();
	}

	@Configuration(proxyBeanMethods = false)
	@ConditionalOnClass(name = { "org.apache.commons.pool2.impl.GenericObjectPool",
			"org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory" })
	@ConditionalOnBean(type = "org.springframework.data.redis.connection.RedisConnectionFactory")
	static class LettucePoolMetricsConfiguration {

		@Bean
		@ConditionalOnMissingBean
		CommonsObjectPool2Metrics resilientDbCommonsPool2Metrics() {
			return new CommonsObjectPool2Metrics();
		}

	}

}
