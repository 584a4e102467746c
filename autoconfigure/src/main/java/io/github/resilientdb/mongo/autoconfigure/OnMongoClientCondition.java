package io.github.resilientdb.mongo.autoconfigure;

import org.springframework.boot.autoconfigure.condition.AnyNestedCondition;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;

/**
 * The condition of {@link ConditionalOnMongoClient}.
 */
class OnMongoClientCondition extends AnyNestedCondition {

	OnMongoClientCondition() {
		super(ConfigurationPhase.REGISTER_BEAN);
	}

	@ConditionalOnClass(name = MongoClientTypes.SYNC)
	@ConditionalOnBean(type = MongoClientTypes.SYNC)
	static class OnSyncClient {

	}

	@ConditionalOnClass(name = MongoClientTypes.REACTIVE)
	@ConditionalOnBean(type = MongoClientTypes.REACTIVE)
	static class OnReactiveClient {

	}

}
