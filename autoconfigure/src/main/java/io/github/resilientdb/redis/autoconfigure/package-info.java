/**
 * Auto-configuration of the redis datastore.
 */
@NullMarked
package io.github.resilientdb.redis.autoconfigure;

import org.jspecify.annotations.NullMarked;
