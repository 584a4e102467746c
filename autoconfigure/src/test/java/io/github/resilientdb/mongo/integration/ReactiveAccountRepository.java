package io.github.resilientdb.mongo.integration;

import io.github.resilientdb.ResilientDb;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

import org.springframework.data.mongodb.repository.ReactiveMongoRepository;

/**
 * A reactive Spring Data MongoDB repository with {@code @ResilientDb} methods naming no datastore. The annotation is on
 * the methods, not on the type: {@code ReactiveMongoRepository} inherits {@code findBy(Example, Function)}, which
 * returns a plain {@code Publisher} and so would fail the start.
 */
interface ReactiveAccountRepository extends ReactiveMongoRepository<Account, String> {

	@ResilientDb
	Flux<Account> findByEmail(String email);

	@Override
	@ResilientDb
	Mono<Long> count();

}
