/**
 * A sample application: orders in a relational database through Spring Data JDBC, products in MongoDB through
 * Spring Data MongoDB, and optional product view counters in Redis, every call behind
 * {@link io.github.resilientdb.ResilientDb}.
 */
@NullMarked
package io.github.resilientdb.sample;

import org.jspecify.annotations.NullMarked;
