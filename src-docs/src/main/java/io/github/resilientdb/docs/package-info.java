/**
 * Builds the documentation site from the Markdown pages of {@code src-docs}.
 */
@NullMarked
package io.github.resilientdb.docs;

import org.jspecify.annotations.NullMarked;
