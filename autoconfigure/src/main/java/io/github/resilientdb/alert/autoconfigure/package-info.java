/**
 * Auto-configuration of resilient-db's alerts.
 */
@NullMarked
package io.github.resilientdb.alert.autoconfigure;

import org.jspecify.annotations.NullMarked;
