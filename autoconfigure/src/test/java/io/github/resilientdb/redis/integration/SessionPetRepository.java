package io.github.resilientdb.redis.integration;

import io.github.resilientdb.ResilientDb;

import org.springframework.data.repository.CrudRepository;

/**
 * A Spring Data Redis repository on the second connection factory; its datastore
 * ({@code sessionRedisConnectionFactory}) is inferred.
 */
@ResilientDb
public interface SessionPetRepository extends CrudRepository<RedisPet, String> {

}
