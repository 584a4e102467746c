/**
 * MongoDB connection pool support: production defaults applied through Spring Boot's client settings customizers,
 * and the live state of the pools.
 */
@NullMarked
package io.github.resilientdb.mongo.pool;

import org.jspecify.annotations.NullMarked;
