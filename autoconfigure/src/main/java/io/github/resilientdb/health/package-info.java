/**
 * Health of the datastores: background probes with a hard timeout, their latest result and recent history, and the
 * {@code resilientDb} health contributor that only reads them.
 */
@NullMarked
package io.github.resilientdb.health;

import org.jspecify.annotations.NullMarked;
