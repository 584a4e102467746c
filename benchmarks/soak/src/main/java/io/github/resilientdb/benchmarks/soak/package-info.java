/**
 * The chaos soak: JDBC (PostgreSQL, MariaDB), Redis and MongoDB traffic of not-idempotent writes, idempotent writes
 * and reads from many threads through a seeded schedule of faults, then a verification against the servers that no
 * acknowledged write was lost and none applied twice.
 */
@NullMarked
package io.github.resilientdb.benchmarks.soak;

import org.jspecify.annotations.NullMarked;
