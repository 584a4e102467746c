package io.github.resilientdb.benchmarks;

import java.util.List;

import io.github.resilientdb.engine.DatastoreType;

import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.EnableAutoConfiguration;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * The application under test: full auto-configuration (resilient-db, Resilience4j's Spring Boot 4 support, Boot's
 * Micrometer metrics with a {@code SimpleMeterRegistry}, AOP), a {@code jdbc} datastore and one bean per policy.
 */
@Configuration(proxyBeanMethods = false)
@EnableAutoConfiguration
public class BenchmarkApplication {

	/**
	 * Properties of the run. The Resilience4j aspect orders nest the annotations like {@code @ResilientDb} does
	 * (bulkhead, then breaker, then retry); {@code @Timed} needs the observation annotations switched on.
	 */
	private static final String[] PROPERTIES = { "spring.main.banner-mode=off", "logging.level.root=warn",
			"management.observations.annotations.enabled=true", "resilience4j.bulkhead.bulkhead-aspect-order=1",
			"resilience4j.circuitbreaker.circuit-breaker-aspect-order=2", "resilience4j.retry.retry-aspect-order=3" };

	@Bean
	DatastoreType jdbcDatastoreType() {
		return new DatastoreType("jdbc", (failure) -> null, List.of());
	}

	@Bean
	ResilientDbTarget resilientDbTarget() {
		return new ResilientDbTarget();
	}

	@Bean
	Resilience4jTarget resilience4jTarget() {
		return new Resilience4jTarget();
	}

	/**
	 * Starts the application, without a web server.
	 * @param properties properties added to (or overriding) those of the run
	 * @return the running context
	 */
	static ConfigurableApplicationContext start(String... properties) {
		return new SpringApplicationBuilder(BenchmarkApplication.class).web(WebApplicationType.NONE)
			.properties(PROPERTIES)
			.properties(properties)
			.run();
	}

	/**
	 * The object behind a bean's proxy, to call a method without any advice.
	 * @param <T> the bean type
	 * @param bean the proxied bean
	 * @return the target
	 */
	@SuppressWarnings("unchecked")
	static <T> T unproxied(T bean) {
		Object target = AopProxyUtils.getSingletonTarget(bean);
		if (target == null) {
			throw new IllegalStateException(bean.getClass().getName() + " is not a proxy");
		}
		return (T) target;
	}

}
