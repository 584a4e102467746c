/**
 * Health probe of the {@code jdbc} datastore.
 */
@NullMarked
package io.github.resilientdb.health.jdbc;

import org.jspecify.annotations.NullMarked;
