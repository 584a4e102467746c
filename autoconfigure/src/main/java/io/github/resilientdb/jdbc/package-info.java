/**
 * JDBC support: PostgreSQL and MariaDB/MySQL error classification.
 */
@NullMarked
package io.github.resilientdb.jdbc;

import org.jspecify.annotations.NullMarked;
