package io.github.resilientdb.jdbc.integration;

import io.github.resilientdb.ResilientDb;

import org.springframework.data.repository.CrudRepository;

/**
 * A Spring Data JDBC repository on the second data source (MariaDB); its datastore ({@code reportingDataSource}) is
 * inferred.
 */
@ResilientDb
public interface MariaDbPetRepository extends CrudRepository<DataJdbcPet, Long> {

	long countByName(String name);

}
