/**
 * Durability of Redis writes: {@code WAIT} and {@code WAITAOF} after the writes of a {@code @ResilientDb} method
 * that asks for {@code CRITICAL} or {@code IMPORTANT}.
 */
@NullMarked
package io.github.resilientdb.redis.durability;

import org.jspecify.annotations.NullMarked;
