/**
 * Auto-configuration of the {@code r2dbc} datastores' health probes.
 */
@NullMarked
package io.github.resilientdb.r2dbc.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
