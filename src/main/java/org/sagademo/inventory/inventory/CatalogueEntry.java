package org.sagademo.inventory.inventory;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonValue.ValueType;
import jakarta.json.bind.annotation.JsonbProperty;
import jakarta.json.bind.annotation.JsonbTypeDeserializer;
import jakarta.json.bind.serializer.DeserializationContext;
import jakarta.json.bind.serializer.JsonbDeserializer;
import jakarta.json.stream.JsonParser;
import jakarta.validation.constraints.Digits;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;
import org.sagademo.inventory.platform.InvalidRequest;
import org.sagademo.inventory.platform.StorableText;
import org.sagademo.inventory.platform.WholeNumber;

import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.util.function.Function;

/**
 * A product as a seed request sets it: its id, name and stock level. Without a name, a seed sets only the stock level
 * (for load tests): a product the session has keeps its name, a new one gets the demo catalogue's name for its id, or
 * the id.
 */
@JsonbTypeDeserializer(CatalogueEntry.AsSent.class)
public record CatalogueEntry(
        @NotNull @Pattern(regexp = Product.ID_PATTERN, message = "must be 1-64 characters of A-Z a-z 0-9 . _ : -")
        String id,
        @Size(min = 1, max = 200)
        @Pattern(regexp = StorableText.PATTERN, message = "must not contain NUL or unpaired surrogates")
        String name,
        // a BigDecimal, so that a fraction (1.5) reaches the constraints, which refuse it naming the field
        @NotNull @Digits(integer = 10, fraction = 0) @Min(0) @Max(1_000_000_000)
        @JsonbProperty("stock_level") BigDecimal stockLevel) {

    /**
     * Takes each field as the JSON type it is: JSON-B's own binding converts any scalar through its text, so that
     * {@code "stock_level": "500"}, {@code "id": 42} or {@code "name": true} were taken as a product. A missing field or
     * a null is left to the constraints above (and a missing name to the seed).
     */
    public static class AsSent implements JsonbDeserializer<CatalogueEntry> {
        @Override
        public CatalogueEntry deserialize(JsonParser parser, DeserializationContext context, Type type) {
            if (!(parser.getValue() instanceof JsonObject entry)) {
                throw new InvalidRequest("each of products must be an object");
            }
            return new CatalogueEntry(field(entry, "id", ValueType.STRING, value -> ((JsonString) value).getString()),
                    field(entry, "name", ValueType.STRING, value -> ((JsonString) value).getString()),
                    field(entry, "stock_level", ValueType.NUMBER, value -> WholeNumber.normalised(((JsonNumber) value).bigDecimalValue())));
        }

        /** The field's value if it has the type; null if it is missing or null; else a 400 naming both types. */
        private static <T> T field(JsonObject entry, String name, ValueType type, Function<JsonValue, T> read) {
            JsonValue value = entry.get(name);
            if (value == null || value.getValueType() == ValueType.NULL) {
                return null;
            }
            if (value.getValueType() != type) {
                throw new InvalidRequest(name + " must be " + kind(type) + ", not " + kind(value.getValueType()));
            }
            return read.apply(value);
        }

        private static String kind(ValueType type) {
            return switch (type) {
                case STRING -> "a string";
                case NUMBER -> "a number";
                case TRUE, FALSE -> "a boolean";
                case ARRAY -> "an array";
                default -> "an object";
            };
        }
    }
}
