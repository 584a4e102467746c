/**
 * Meters of the datastores' health: the {@code resilientdb.datastore.health} gauge, the
 * {@code resilientdb.datastore.probe} timer, and percentile histograms for resilient-db's timers.
 */
@NullMarked
package io.github.resilientdb.health.metrics;

import org.jspecify.annotations.NullMarked;
