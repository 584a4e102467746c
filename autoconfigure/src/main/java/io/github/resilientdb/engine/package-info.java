/**
 * The engine behind {@link io.github.resilientdb.ResilientDb}: the interceptor and the per-method and per-datastore
 * policies it runs.
 */
@NullMarked
package io.github.resilientdb.engine;

import org.jspecify.annotations.NullMarked;
