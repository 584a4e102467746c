/**
 * Database-aware error classification: what a failure says about retrying and about the datastore's health.
 */
@NullMarked
package io.github.resilientdb.classify;

import org.jspecify.annotations.NullMarked;
