/**
 * Reading r2dbc-pool's {@code ConnectionPool} for the health probe and the {@code resilientdb} endpoint.
 */
@NullMarked
package io.github.resilientdb.r2dbc.pool;

import org.jspecify.annotations.NullMarked;
