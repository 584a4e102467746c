package io.github.resilientdb.mongo.autoconfigure;

import org.springframework.beans.factory.ListableBeanFactory;
import org.springframework.util.ClassUtils;

/**
 * The names of the two drivers' client types, for conditions that must not load a class the application may not
 * have.
 * <p>
 * Which clients are the {@code mongo} datastores: the synchronous {@code MongoClient} beans when there is one (a
 * reactive client beside them is not a datastore of its own, and a {@code Mono} or {@code Flux} method on it runs
 * under the policy of the datastore it names); otherwise the reactive ones, by the same naming rule.
 */
public final class MongoClientTypes {

	/**
	 * The synchronous driver's client, {@code com.mongodb.client.MongoClient}.
	 */
	public static final String SYNC = "com.mongodb.client.MongoClient";

	/**
	 * The reactive streams driver's client, {@code com.mongodb.reactivestreams.client.MongoClient}.
	 */
	public static final String REACTIVE = "com.mongodb.reactivestreams.client.MongoClient";

	private MongoClientTypes() {
	}

	/**
	 * The type of the client beans that are the {@code mongo} datastores: the synchronous client when the application
	 * has one, else the reactive streams client.
	 * @param beanFactory the bean factory to search, without initializing any bean
	 * @return the client type
	 */
	public static Class<?> datastoreClientType(ListableBeanFactory beanFactory) {
		ClassLoader classLoader = MongoClientTypes.class.getClassLoader();
		if (ClassUtils.isPresent(SYNC, classLoader)) {
			Class<?> sync = ClassUtils.resolveClassName(SYNC, classLoader);
			if (beanFactory.getBeanNamesForType(sync, true, false).length > 0) {
				return sync;
			}
		}
		return ClassUtils.resolveClassName(REACTIVE, classLoader);
	}

}
