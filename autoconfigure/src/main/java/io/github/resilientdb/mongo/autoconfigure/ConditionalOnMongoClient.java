package io.github.resilientdb.mongo.autoconfigure;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.springframework.context.annotation.Conditional;

/**
 * Matches when the application has a {@code MongoClient} bean of either driver: the synchronous
 * {@code com.mongodb.client.MongoClient} or the reactive streams {@code com.mongodb.reactivestreams.client.MongoClient}.
 * The types are named, not referenced, since a reactive application usually has no synchronous driver at all.
 */
@Target({ ElementType.TYPE, ElementType.METHOD })
@Retention(RetentionPolicy.RUNTIME)
@Documented
@Conditional(OnMongoClientCondition.class)
public @interface ConditionalOnMongoClient {

}
