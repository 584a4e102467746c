package io.github.resilientdb.sample;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * An order, kept in the relational database.
 *
 * @param id the identifier, {@code null} until saved
 * @param productId the identifier of the ordered product
 * @param quantity the number of items ordered
 */
@Table("orders")
public record Order(@Id @Nullable Long id, String productId, int quantity) {

}
