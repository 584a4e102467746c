/**
 * The loopback throughput benchmark: the same JDBC, Redis and MongoDB workload with and without {@code @ResilientDb},
 * interleaved ABBA in one run, in operations per second and caller CPU time per call.
 */
@NullMarked
package io.github.resilientdb.benchmarks.throughput;

import org.jspecify.annotations.NullMarked;
