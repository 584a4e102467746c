/**
 * Auto-configuration of the jdbc datastore.
 */
@NullMarked
package io.github.resilientdb.jdbc.autoconfigure;

import org.jspecify.annotations.NullMarked;
