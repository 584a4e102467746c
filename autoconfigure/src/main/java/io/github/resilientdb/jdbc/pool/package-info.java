/**
 * Runtime control of HikariCP pools: statistics, resizing, eviction and credential rotation.
 */
@NullMarked
package io.github.resilientdb.jdbc.pool;

import org.jspecify.annotations.NullMarked;
