/**
 * Redis support (Lettuce): error classification of connection failures, timeouts and error replies.
 */
@NullMarked
package io.github.resilientdb.redis;

import org.jspecify.annotations.NullMarked;
