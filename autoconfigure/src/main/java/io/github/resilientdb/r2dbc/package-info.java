/**
 * The {@code r2dbc} store: its kind and the classifier of R2DBC failures.
 */
@NullMarked
package io.github.resilientdb.r2dbc;

import org.jspecify.annotations.NullMarked;
