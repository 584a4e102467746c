package io.github.resilientdb.mongo.integration;

import io.github.resilientdb.ResilientDb;
import reactor.core.publisher.Flux;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;

/**
 * A reactive Spring Data MongoDB repository annotated on its type, naming no datastore. It inherits
 * {@code findBy(Example, Function)}, which returns a plain {@code Publisher}: that runs behind the policy too.
 */
@ResilientDb
interface ReactiveAccountRepository extends ReactiveMongoRepository<Account, String> {

	Flux<Account> findByEmail(String email);

}
