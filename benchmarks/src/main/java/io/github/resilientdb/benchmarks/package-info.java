/**
 * JMH benchmarks of the per-call cost of {@link io.github.resilientdb.ResilientDb} in a real Spring Boot context,
 * against a plain call and against Resilience4j's own annotations on the same instances.
 */
@NullMarked
package io.github.resilientdb.benchmarks;

import org.jspecify.annotations.NullMarked;
