/**
 * The Spring Boot lines the starter supports, checked before any of its auto-configuration loads. The classes here
 * use only APIs that every Spring Boot line has, so the check itself runs on an unsupported one.
 */
@NullMarked
package io.github.resilientdb.compatibility;

import org.jspecify.annotations.NullMarked;
