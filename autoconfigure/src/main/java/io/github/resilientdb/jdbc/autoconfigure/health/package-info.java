/**
 * Auto-configuration of the health probes of the {@code jdbc} datastores (JDBC).
 */
@NullMarked
package io.github.resilientdb.jdbc.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
