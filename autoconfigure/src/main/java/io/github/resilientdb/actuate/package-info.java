/**
 * The {@code resilientdb} actuator endpoint: the state and settings of every datastore's breaker, retry, bulkhead,
 * retry budget, pool and health, and the runtime changes an operator may make to them.
 */
@NullMarked
package io.github.resilientdb.actuate;

import org.jspecify.annotations.NullMarked;
