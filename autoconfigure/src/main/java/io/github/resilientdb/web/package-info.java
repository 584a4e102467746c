/**
 * Spring MVC support: a {@link io.github.resilientdb.DatabaseUnavailableException} becomes an HTTP 503 with
 * {@code Retry-After} and an RFC 9457 problem body.
 */
@NullMarked
package io.github.resilientdb.web;

import org.jspecify.annotations.NullMarked;
