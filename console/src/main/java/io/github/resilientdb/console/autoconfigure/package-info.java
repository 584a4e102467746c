/**
 * Auto-configuration of the resilient-db console.
 */
@NullMarked
package io.github.resilientdb.console.autoconfigure;

import org.jspecify.annotations.NullMarked;
