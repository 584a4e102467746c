/**
 * Durability of JDBC transactions: PostgreSQL's {@code synchronous_commit} per transaction, and the refusal of what
 * MariaDB/MySQL cannot promise per transaction.
 */
@NullMarked
package io.github.resilientdb.jdbc.durability;

import org.jspecify.annotations.NullMarked;
