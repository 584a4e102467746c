package io.github.resilientdb.sample;

import io.github.resilientdb.ResilientDb;

import org.springframework.data.mongodb.repository.MongoRepository;

/**
 * Products, through Spring Data MongoDB. Every method runs behind the {@code mongo} datastore's policy, inferred from
 * the repository type.
 */
@ResilientDb
public interface ProductRepository extends MongoRepository<Product, String> {

}
