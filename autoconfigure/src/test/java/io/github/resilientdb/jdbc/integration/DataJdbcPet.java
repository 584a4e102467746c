package io.github.resilientdb.jdbc.integration;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * The aggregate of the Spring Data JDBC repository tests, in table {@code data_jdbc_pet} on each server.
 *
 * @param id the generated id
 * @param name the name
 */
@Table("data_jdbc_pet")
public record DataJdbcPet(@Id Long id, String name) {

}
