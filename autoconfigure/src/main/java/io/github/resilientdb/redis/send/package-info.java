/**
 * Tells the engine when a Redis command is about to reach the server.
 */
@NullMarked
package io.github.resilientdb.redis.send;

import org.jspecify.annotations.NullMarked;
