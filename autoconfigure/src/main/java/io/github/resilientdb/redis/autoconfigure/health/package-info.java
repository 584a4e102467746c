/**
 * Auto-configuration of the health probes of the {@code redis} datastores (Redis).
 */
@NullMarked
package io.github.resilientdb.redis.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
