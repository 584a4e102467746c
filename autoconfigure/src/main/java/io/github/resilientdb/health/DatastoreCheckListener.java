package io.github.resilientdb.health;

import org.jspecify.annotations.Nullable;

/**
 * Told of every background probe of every datastore, on the prober's thread: it must return quickly and never block.
 */
@FunctionalInterface
public interface DatastoreCheckListener {

	/**
	 * Called after each probe.
	 * @param previous the datastore's previous check, or {@code null} for its first
	 * @param check the new check
	 */
	void onCheck(@Nullable DatastoreCheck previous, DatastoreCheck check);

}
