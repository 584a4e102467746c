package io.github.resilientdb.mongo.integration;

import java.util.List;

import io.github.resilientdb.ResilientDb;

import org.springframework.data.mongodb.repository.MongoRepository;

/**
 * A Spring Data MongoDB repository behind {@code @ResilientDb}, with no datastore named: it must be inferred as
 * {@code mongo}, and each method's idempotency from its name ({@code find...} reads may be repeated, {@code save}
 * and {@code insert} may not).
 */
@ResilientDb
interface AccountRepository extends MongoRepository<Account, String> {

	List<Account> findByEmail(String email);

}
