package io.github.resilientdb.r2dbc.integration;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * The entity of the R2DBC repository tests, in table {@code r2dbc_pet}.
 *
 * @param id the generated id
 * @param name the name
 */
@Table("r2dbc_pet")
public record R2dbcPet(@Id Long id, String name) {

}
