package io.github.resilientdb.sample;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * A product as a client sends it; checked before anything reaches the database.
 *
 * @param name the product name, at most 200 characters
 * @param priceCents the price, in cents, from 0 to 100 million
 */
public record NewProduct(@NotBlank @Size(max = 200) @Nullable String name,
		@NotNull @PositiveOrZero @Max(100_000_000) @Nullable Long priceCents) {

}
