/**
 * A fault-injecting TCP proxy: refuse, reset, blackhole, latency and dropped replies between a client and a real
 * database server.
 */
@NullMarked
package io.github.resilientdb.test.proxy;

import org.jspecify.annotations.NullMarked;
