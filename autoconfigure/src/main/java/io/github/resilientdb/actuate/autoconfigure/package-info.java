/**
 * Auto-configuration of the {@code resilientdb} actuator endpoint.
 */
@NullMarked
package io.github.resilientdb.actuate.autoconfigure;

import org.jspecify.annotations.NullMarked;
