package io.github.resilientdb.sample;

import org.jspecify.annotations.Nullable;

import org.springframework.data.annotation.Id;
import org.springframework.data.mongodb.core.mapping.Document;

/**
 * A product, kept in MongoDB.
 *
 * @param id the identifier, {@code null} until saved
 * @param name the product name
 * @param priceCents the price, in cents
 */
@Document("products")
public record Product(@Id @Nullable String id, String name, long priceCents) {

}
