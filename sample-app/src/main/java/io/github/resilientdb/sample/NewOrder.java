package io.github.resilientdb.sample;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;
import jakarta.validation.constraints.Size;
import org.jspecify.annotations.Nullable;

/**
 * An order as a client sends it; checked before anything reaches the database.
 *
 * @param productId the identifier of the ordered product
 * @param quantity the number of items ordered, a whole number from 1 to 1000
 */
public record NewOrder(@NotBlank @Size(max = 64) @Nullable String productId,
		@NotNull @Positive @Max(1000) @Nullable Integer quantity) {

}
