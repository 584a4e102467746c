/**
 * The resilient-db console: a live page of every datastore's health, circuit breaker, pool, calls, retries and
 * recent errors, read in-process from the starter's beans and meters.
 */
@NullMarked
package io.github.resilientdb.console;

import org.jspecify.annotations.NullMarked;
