package io.github.resilientdb.jdbc.integration;

import io.github.resilientdb.ResilientDb;

import org.springframework.data.repository.CrudRepository;

/**
 * A Spring Data JDBC repository on the primary data source (PostgreSQL); its datastore ({@code jdbc}) is inferred.
 */
@ResilientDb
public interface PostgresPetRepository extends CrudRepository<DataJdbcPet, Long> {

}
