package org.sagademo.inventory.inventory;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonValue.ValueType;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.sagademo.inventory.platform.InvalidRequest;
import org.sagademo.inventory.platform.StorableText;
import org.sagademo.inventory.platform.WholeNumber;

import java.math.BigDecimal;
import java.util.function.Function;

/**
 * A product as a seed request sets it: its id, name and stock level. Without a name, a seed sets only the stock level
 * (for load tests): a product the session has keeps its name, a new one gets the demo catalogue's name for its id, or
 * the id.
 */
public record CatalogueEntry(
        @NotNull @Pattern(regexp = Product.ID_PATTERN, message = "must be 1-" + Product.ID_LENGTH + " characters of A-Z a-z 0-9 . _ : -")
        String id,
        // characters, as PostgreSQL's varchar(200) counts them: @Size would count an emoji's two UTF-16 units
        @Pattern(regexp = "(?s).{1,200}", message = "must be 1-200 characters")
        @Pattern(regexp = StorableText.PATTERN, message = "must not contain NUL or unpaired surrogates")
        String name,
        // a BigDecimal, so that a fraction (1.5) reaches the constraints, which refuse it naming the field
        @NotNull @Digits(integer = 10, fraction = 0, message = "must be a whole number of up to 10 digits")
        @Min(0) @Max(1_000_000_000)
        @JsonbProperty(CatalogueEntry.STOCK_LEVEL) BigDecimal stockLevel) { // the name a violation gives (ErrorResponses)

    /** The field's name in JSON, which {@link #read} reads it by. */
    static final String STOCK_LEVEL = "stock_level";

    /**
     * The product {@code where} in the body ({@code products[3]}), each field taken as the JSON type it is: JSON-B's own
     * binding converts any scalar through its text, so that {@code "stock_level": "500"}, {@code "id": 42} or
     * {@code "name": true} were taken as a product. A missing field or a null is left to the constraints above (and a
     * missing name to the seed).
     */
    static CatalogueEntry read(JsonValue value, String where) {
        if (!(value instanceof JsonObject entry)) {
            throw new InvalidRequest(where + " must be an object, not " + kind(value.getValueType()));
        }
        return new CatalogueEntry(field(entry, where, "id", ValueType.STRING, text -> ((JsonString) text).getString()),
                field(entry, where, "name", ValueType.STRING, text -> ((JsonString) text).getString()),
                field(entry, where, STOCK_LEVEL, ValueType.NUMBER,
                        number -> WholeNumber.normalised(((JsonNumber) number).bigDecimalValue())));
    }

    /** The field's value if it has the type; null if it is missing or null; else a 400 naming both types. */
    private static <T> T field(JsonObject entry, String where, String name, ValueType type, Function<JsonValue, T> read) {
        JsonValue value = entry.get(name);
        if (value == null || value.getValueType() == ValueType.NULL) {
            return null;
        }
        if (value.getValueType() != type) {
            throw new InvalidRequest(where + "." + name + " must be " + kind(type) + ", not " + kind(value.getValueType()));
        }
        return read.apply(value);
    }

    /** A JSON type as an error message names it. */
    static String kind(ValueType type) {
        return switch (type) {
            case STRING -> "a string";
            case NUMBER -> "a number";
            case TRUE, FALSE -> "a boolean";
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NULL -> "null";
        };
    }
}
