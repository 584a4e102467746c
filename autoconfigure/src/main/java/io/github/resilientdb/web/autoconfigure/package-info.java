/**
 * Auto-configuration of resilient-db's Spring MVC support.
 */
@NullMarked
package io.github.resilientdb.web.autoconfigure;

import org.jspecify.annotations.NullMarked;
