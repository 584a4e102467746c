package io.github.resilientdb.mongo.autoconfigure;

import java.util.List;

import com.mongodb.client.MongoClient;
import io.github.resilientdb.engine.DatastoreType;
import io.github.resilientdb.mongo.MongoErrorClassifier;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBooleanProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;

/**
 * Makes the {@code mongo} datastore available to {@code @ResilientDb} when the application has a {@link MongoClient}.
 */
@AutoConfiguration(afterName = { "org.springframework.boot.mongodb.autoconfigure.MongoAutoConfiguration",
		"org.springframework.boot.data.mongodb.autoconfigure.DataMongoAutoConfiguration" })
@ConditionalOnClass(MongoClient.class)
@ConditionalOnBean(MongoClient.class)
@ConditionalOnBooleanProperty(name = "resilientdb.enabled", matchIfMissing = true)
public final class MongoResilientDbAutoConfiguration {

	@Bean
	@ConditionalOnMissingBean(name = "mongoDatastoreType")
	DatastoreType mongoDatastoreType() {
		return new DatastoreType("mongo", new MongoErrorClassifier(),
				List.of("org.springframework.data.mongodb.", "com.mongodb."));
	}

}
