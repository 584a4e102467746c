package io.github.resilientdb.sample;

import io.github.resilientdb.ResilientDb;

import org.springframework.data.repository.ListCrudRepository;

/**
 * Orders, through Spring Data JDBC. Every method runs behind the {@code jdbc} datastore's policy, inferred from the
 * repository type: reads ({@code find...}, {@code count...}, {@code exists...}) are retried after any transient
 * failure, writes only when the failure proves nothing was applied.
 */
@ResilientDb
public interface OrderRepository extends ListCrudRepository<Order, Long> {

}
