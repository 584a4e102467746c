/**
 * MongoDB support: error classification by label and code.
 */
@NullMarked
package io.github.resilientdb.mongo;

import org.jspecify.annotations.NullMarked;
