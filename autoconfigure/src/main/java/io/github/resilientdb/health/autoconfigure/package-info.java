/**
 * Auto-configuration of the datastores' health: the background probes, the {@code resilientDb} health contributor,
 * its place in the readiness group and the {@code DEGRADED} status.
 */
@NullMarked
package io.github.resilientdb.health.autoconfigure;

import org.jspecify.annotations.NullMarked;
