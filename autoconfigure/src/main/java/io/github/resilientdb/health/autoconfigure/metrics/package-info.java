/**
 * Auto-configuration of resilient-db's health meters, percentile histograms and Lettuce pool meters.
 */
@NullMarked
package io.github.resilientdb.health.autoconfigure.metrics;

import org.jspecify.annotations.NullMarked;
