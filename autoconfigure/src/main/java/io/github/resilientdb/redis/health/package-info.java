/**
 * Health probe of the {@code redis} datastore.
 */
@NullMarked
package io.github.resilientdb.redis.health;

import org.jspecify.annotations.NullMarked;
