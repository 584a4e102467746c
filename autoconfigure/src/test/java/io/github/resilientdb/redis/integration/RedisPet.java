package io.github.resilientdb.redis.integration;

import org.springframework.data.annotation.Id;
import org.springframework.data.redis.core.RedisHash;

/**
 * The aggregate of the Spring Data Redis repository tests.
 *
 * @param id the id
 * @param name the name
 */
@RedisHash("resilientdb-repository-pet")
public record RedisPet(@Id String id, String name) {

}
