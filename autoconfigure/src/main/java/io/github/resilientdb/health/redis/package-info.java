/**
 * Health probe of the {@code redis} datastore.
 */
@NullMarked
package io.github.resilientdb.health.redis;

import org.jspecify.annotations.NullMarked;
