/**
 * Auto-configuration of the mongo datastore.
 */
@NullMarked
package io.github.resilientdb.mongo.autoconfigure;

import org.jspecify.annotations.NullMarked;
