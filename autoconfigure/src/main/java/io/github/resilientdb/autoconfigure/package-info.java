/**
 * Auto-configuration of resilient-db's core: properties, the advisor and start-up validation.
 */
@NullMarked
package io.github.resilientdb.autoconfigure;

import org.jspecify.annotations.NullMarked;
