/**
 * Tells the engine when a MongoDB command is about to reach the server.
 */
@NullMarked
package io.github.resilientdb.mongo.send;

import org.jspecify.annotations.NullMarked;
