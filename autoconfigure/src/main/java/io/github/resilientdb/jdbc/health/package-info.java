/**
 * Health probe of the {@code jdbc} datastore.
 */
@NullMarked
package io.github.resilientdb.jdbc.health;

import org.jspecify.annotations.NullMarked;
