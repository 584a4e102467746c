/**
 * Auto-configuration of the health probes of the {@code mongo} datastores (MongoDB).
 */
@NullMarked
package io.github.resilientdb.mongo.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
