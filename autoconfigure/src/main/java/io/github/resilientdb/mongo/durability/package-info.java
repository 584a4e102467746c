/**
 * MongoDB durability: the write concern of each write, from the {@code @ResilientDb} durability of the calling method
 * or the configuration of the collection.
 */
@NullMarked
package io.github.resilientdb.mongo.durability;

import org.jspecify.annotations.NullMarked;
