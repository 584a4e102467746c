package io.github.resilientdb.redis.integration;

import io.github.resilientdb.ResilientDb;

import org.springframework.data.repository.CrudRepository;

/**
 * A Spring Data Redis repository on the primary connection factory; its datastore ({@code redis}) is inferred.
 */
@ResilientDb
public interface MainPetRepository extends CrudRepository<RedisPet, String> {

}
