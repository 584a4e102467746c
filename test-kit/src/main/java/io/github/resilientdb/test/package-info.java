/**
 * resilient-db's test kit: {@link io.github.resilientdb.test.ResilientDbChaos} puts a
 * {@link io.github.resilientdb.test.proxy.FaultProxy} in front of every datastore of a {@code @SpringBootTest},
 * {@link io.github.resilientdb.test.ResilientDbAssertions} waits for and checks what resilient-db does, and
 * {@link io.github.resilientdb.test.WriteLedger} proves that no acknowledged write was lost or applied twice.
 */
@NullMarked
package io.github.resilientdb.test;

import org.jspecify.annotations.NullMarked;
