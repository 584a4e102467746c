package io.github.resilientdb.r2dbc.integration;

import io.github.resilientdb.ResilientDb;

import org.springframework.data.repository.reactive.ReactiveCrudRepository;

/**
 * A Spring Data R2DBC repository on a second connection factory, {@code reportingConnectionFactory}; its datastore
 * is inferred from the template it was given.
 */
@ResilientDb
public interface ReportingPetRepository extends ReactiveCrudRepository<R2dbcPet, Long> {

}
