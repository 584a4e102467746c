/**
 * The public contract of resilient-db: the {@link io.github.resilientdb.ResilientDb} annotation and the types it
 * uses.
 */
@NullMarked
package io.github.resilientdb;

import org.jspecify.annotations.NullMarked;
