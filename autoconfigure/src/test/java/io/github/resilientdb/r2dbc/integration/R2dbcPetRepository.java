package io.github.resilientdb.r2dbc.integration;

import io.github.resilientdb.ResilientDb;
import reactor.core.publisher.Mono;

import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/**
 * A Spring Data R2DBC repository on the single or primary connection factory; its datastore ({@code r2dbc}) is
 * inferred.
 */
@ResilientDb
public interface R2dbcPetRepository extends ReactiveCrudRepository<R2dbcPet, Long> {

	Mono<Long> countByName(String name);

}
