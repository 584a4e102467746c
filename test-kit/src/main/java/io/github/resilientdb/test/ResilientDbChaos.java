package io.github.resilientdb.test;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Inherited;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Puts a {@link io.github.resilientdb.test.proxy.FaultProxy} in front of every datastore of the application under
 * test, before its context starts, and makes the proxies available as a {@link ChaosProxies} bean (autowire it, or
 * take it as a test method parameter).
 * <p>
 * Works with {@code spring.datasource.*}, {@code spring.data.redis.*} and {@code spring.mongodb.*} properties as
 * well as with Testcontainers {@code @ServiceConnection}: the application's {@code JdbcConnectionDetails},
 * {@code DataRedisConnectionDetails} and {@code MongoConnectionDetails} beans are wrapped so that clients connect
 * to the proxy. Every proxy is switched back to {@code pass} with no pending reply drops before and after each
 * test. Put it on a {@code @SpringBootTest} class.
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Inherited
@ExtendWith(ChaosExtension.class)
public @interface ResilientDbChaos {

}
