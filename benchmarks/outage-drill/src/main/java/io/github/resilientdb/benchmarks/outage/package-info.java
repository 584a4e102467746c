/**
 * The outage drill: breaks PostgreSQL and Redis behind a fault proxy under a small web application that runs on the
 * starter's defaults, and measures what its HTTP callers, its health endpoint and its log show. Run
 * {@link io.github.resilientdb.benchmarks.outage.OutageDrill}.
 */
@NullMarked
package io.github.resilientdb.benchmarks.outage;

import org.jspecify.annotations.NullMarked;
