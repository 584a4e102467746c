package io.github.resilientdb.engine;

import java.util.List;

import org.springframework.core.io.support.SpringFactoriesLoader;

/**
 * A kind of datastore the starter supports, whether or not its client is on the classpath. Each store lists its
 * kind in {@code META-INF/spring.factories} so that a {@code resilientdb.datastores.<name>.type} naming no supported
 * kind fails the start, while one naming a kind whose client is absent is only ignored.
 * <p>
 * An implementation must not refer to its store's client classes, which may be missing.
 */
public interface DatastoreKind {

	/**
	 * The kind's name, which is also the name of its {@link DatastoreType} and of the datastore of its single client.
	 * @return the name
	 */
	String name();

	/**
	 * The names of every kind listed in {@code META-INF/spring.factories}.
	 * @param classLoader the class loader to read them with
	 * @return the names, in the order found
	 */
	static List<String> names(ClassLoader classLoader) {
		return SpringFactoriesLoader.forDefaultResourceLocation(classLoader)
			.load(DatastoreKind.class)
			.stream()
			.map(DatastoreKind::name)
			.distinct()
			.toList();
	}

}
