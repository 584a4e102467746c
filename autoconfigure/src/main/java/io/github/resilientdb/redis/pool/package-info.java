/**
 * Production defaults for the Lettuce client and its optional commons-pool2 pool, applied through Spring Boot's
 * customizers, and runtime control of the pool.
 */
@NullMarked
package io.github.resilientdb.redis.pool;

import org.jspecify.annotations.NullMarked;
