package org.sagademo.inventory.inventory;

import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.sagademo.inventory.platform.StorableText;

import java.math.BigDecimal;

/** A product as a seed request sets it: its id, name and stock level. */
public record CatalogueEntry(
        @NotNull @Pattern(regexp = Product.ID_PATTERN, message = "must be 1-64 characters of A-Z a-z 0-9 . _ : -")
        String id,
        @NotNull @Size(min = 1, max = 200)
        @Pattern(regexp = StorableText.PATTERN, message = "must not contain NUL or unpaired surrogates")
        String name,
        // a number, so that 1.5 is refused rather than truncated by the JSON binding
        @NotNull @Digits(integer = 10, fraction = 0) @Min(0) @Max(1_000_000_000)
        @JsonbProperty("stock_level") BigDecimal stockLevel) {
}
