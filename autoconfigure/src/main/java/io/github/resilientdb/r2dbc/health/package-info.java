/**
 * The health probe of the {@code r2dbc} datastore.
 */
@NullMarked
package io.github.resilientdb.r2dbc.health;

import org.jspecify.annotations.NullMarked;
