/**
 * Health probe of the {@code mongo} datastore and the pool listener it reads.
 */
@NullMarked
package io.github.resilientdb.mongo.health;

import org.jspecify.annotations.NullMarked;
