/**
 * Auto-configuration of the {@code r2dbc} datastore for {@code @ResilientDb}.
 */
@NullMarked
package io.github.resilientdb.r2dbc.autoconfigure;

import org.jspecify.annotations.NullMarked;
