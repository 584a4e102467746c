/**
 * Throw-away database servers for tests on machines without Docker: private PostgreSQL, MariaDB and Redis processes
 * started from the installed binaries on free ports of 127.0.0.1, and an in-JVM MongoDB wire-protocol server.
 */
@NullMarked
package io.github.resilientdb.test.server;

import org.jspecify.annotations.NullMarked;
